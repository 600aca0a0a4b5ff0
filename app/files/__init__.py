"""Files sent in chats: what a received file is (sniffed, never run), whether the organisation
accepts it, and its name as a label only."""
