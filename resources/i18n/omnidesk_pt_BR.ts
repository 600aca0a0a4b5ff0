<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>AdminWindow</name>
    <message>
        <source>Omnidesk — Administration ({name})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: changes wait to be published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New: {kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as a pending change: Publish all sends it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve the conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved: Publish all sends what you kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with today&apos;s traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the configuration again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the pending changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentLoadModel</name>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
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
        <source>Before → after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{operation} {record}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before: {before}
After: {after}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Search the audit (who, what, a value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <source>Web chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelsList</name>
    <message>
        <source>No channel yet: this contact was created by hand.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Resolve a conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone deleted it meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else changed it since you started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Was</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply choices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{who} Choose, per field, which value to keep; fields you give to them leave your change.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictingValue</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact manager</source>
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
    <name>DifferencesModel</name>
    <message>
        <source>Visitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With changes</source>
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
    <name>FieldSpec</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A disabled department takes no new chats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In this order auto selection breaks ties.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats per agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caps each agent&apos;s chats in this department; empty: no department cap.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fallback department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where chats go when nobody here can take them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May transfer to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Departments its chats may be transferred to; empty: any.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default SLA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beyond Rocket.Chat (which sets SLAs per room): the SLA new inquiries get.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Departments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How they sign in; cannot change later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serves chats (Rocket.Chat&apos;s livechat-agent role).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervises units (Rocket.Chat&apos;s livechat-monitor role).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max open chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the organisation&apos;s limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by skills-based routing (beyond Rocket.Chat).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timezone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive hours mean always open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats per agent (0: no limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route to away agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fallback forward depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move unanswered chats after (s, 0: never)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the visitor goes silent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visitor silence (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max queue wait (s, 0: none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents may not take chats of unknown contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents may not take chats from unverified channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging contacts: differing custom fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keep: as conflicts to choose from (beyond Rocket.Chat); drop: as Rocket.Chat&apos;s merger does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 is served first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due within (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the tag is offered; empty: everywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents type !shortcut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: everyone&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask name and email first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After an offline message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed websites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Origins such as https://shop.example; empty: any.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntEditor</name>
    <message>
        <source>Organisation&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntervalsEditor</name>
    <message>
        <source>Add opening hours</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website chat</source>
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
    <name>PendingModel</name>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting (offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone changed this meanwhile: open it to choose, field by field.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PendingPanel</name>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the chosen change (it was never published)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve conflict…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with today&apos;s traffic…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay today&apos;s chats with these changes, beside what happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pending changes: what you save here waits until you publish it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <source>Highest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lowest</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the change as pending; Publish sends it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard what you changed in this form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a record to edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New: {kind}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordsModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited here; not yet published.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordsPanel</name>
    <message>
        <source>Search by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the chosen record (pending until you publish)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefListEditor</name>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SkillsEditor</name>
    <message>
        <source>Add skill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skill</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WhatIfDialog</name>
    <message>
        <source>Compare with today&apos;s traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaying today&apos;s chats with and without your changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats per agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats whose outcome changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the replay cannot know:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing: the replay models every setting changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The comparison could not be made: {message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Rows</name>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>admin.describe</name>
    <message>
        <source>Monday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Friday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load balancing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours:02d}:{rest:02d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day_name} {minutes}–{minutes2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind} &apos;{name}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website chat settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} {before} -&gt; {after}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Departments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned responses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website chat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>admin.editor_factory</name>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>admin.unsaved</name>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} has changes you have not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save them as a pending change, discard them, or stay on this form?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>admin.whatif_dialog</name>
    <message>
        <source>Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait, median (p50)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait, p90</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused or never served</source>
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
