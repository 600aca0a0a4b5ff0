<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>ChannelsList</name>
    <message>
        <source>No channel yet: this contact was created by hand.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsBox</name>
    <message>
        <source>These values came from channels or contacts merged into this one. Choose the one to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n field(s) with conflicting values</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Current value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From {source} · {day_and_time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactCenterWindow</name>
    <message>
        <source>Name, A to Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, Z to A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last chat, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last chat, oldest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created, oldest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Omnidesk — Contact Center — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search name, email, phone or address   (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order of the list (a click on the Name or Last chat header too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the Contact Center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No match for &apos;{text}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No contacts match &apos;{text}&apos;.
Search looks in names, emails, phone numbers and channel addresses; every word must match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es) &apos;{text}&apos;</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No contacts yet. Contacts appear when visitors write in, or create one with New contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No contacts yet. Contacts appear when visitors write in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the contact&apos;s chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict settled for {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settle the conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Merged %n contact(s) into {name}.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Merge the contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contacts shown are those from before; they update when the connection is back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactDetail</name>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the name, emails, phones, manager or custom fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search every chat of this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a contact on the left to see their profile, channels, chats and history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n conflict(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>managed by {manager}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>created {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chat yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats ({count} match)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chat of this contact mentions &apos;{searching}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This contact has no chat yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Edit contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First and last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One email per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One phone number per line, with its country code (+44 20 7946 0958)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No contact manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line: name=value (plan=gold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{line}&apos; is not name=value: write one custom field per line, like plan=gold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactListModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chat yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n differing value(s): open the contact to choose which to keep</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Load the contacts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactLogModel</name>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict settled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged contacts: {ids}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>Possible duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) with the same verified email or phone as {name}:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging moves their channels and chats here; values that differ are kept as conflicts for you to settle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge them into this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep them apart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Omnidesk will speak {language} from the next sign-in: choose File → Sign out / Switch user, or start it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>contacts.detail</name>
    <message>
        <source>Nobody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An agent who left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>contacts.dialogs</name>
    <message>
        <source>{name} — {channels}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no channel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>contacts.list_model</name>
    <message>
        <source>Unknown contact: created automatically from a visitor; nobody has verified a channel or edited it yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>contacts.models</name>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>contacts.when</name>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} days ago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>launch</name>
    <message>
        <source>Omnidesk cannot start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
