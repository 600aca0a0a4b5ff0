<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AgentsModel</name>
    <message numerus="yes">
        <source>%n open chat(s)</source>
        <translation>
            <numerusform>%n open chat</numerusform>
            <numerusform>%n open chats</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConflictsBox</name>
    <message numerus="yes">
        <source>⚠ %n field(s) with conflicting values</source>
        <translation>
            <numerusform>⚠ %n field with conflicting values</numerusform>
            <numerusform>⚠ %n fields with conflicting values</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message numerus="yes">
        <source>Reconnecting in %n s — showing what was saved on this computer.</source>
        <translation>
            <numerusform>Reconnecting in %n s — showing what was saved on this computer.</numerusform>
            <numerusform>Reconnecting in %n s — showing what was saved on this computer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactCenterWindow</name>
    <message numerus="yes">
        <source>%Ln match(es) &apos;{text}&apos;</source>
        <translation>
            <numerusform>%Ln match &apos;{text}&apos;</numerusform>
            <numerusform>%Ln matches &apos;{text}&apos;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Merged %n contact(s) into {name}.</source>
        <translation>
            <numerusform>Merged %n contact into {name}.</numerusform>
            <numerusform>Merged %n contacts into {name}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactDetail</name>
    <message numerus="yes">
        <source>⚠ %n conflict(s)</source>
        <translation>
            <numerusform>⚠ %n conflict</numerusform>
            <numerusform>⚠ %n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s)</source>
        <translation>
            <numerusform>%n channel</numerusform>
            <numerusform>%n channels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactListModel</name>
    <message numerus="yes">
        <source>%n differing value(s): open the contact to choose which to keep</source>
        <translation>
            <numerusform>%n differing value: open the contact to choose which to keep</numerusform>
            <numerusform>%n differing values: open the contact to choose which to keep</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactPanel</name>
    <message numerus="yes">
        <source>⚠ %n conflicting value(s)</source>
        <translation>
            <numerusform>⚠ %n conflicting value</numerusform>
            <numerusform>⚠ %n conflicting values</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n matching conversation(s)</source>
        <translation>
            <numerusform>%n matching conversation</numerusform>
            <numerusform>%n matching conversations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s)</source>
        <translation>
            <numerusform>%n conversation</numerusform>
            <numerusform>%n conversations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeskSearch</name>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message numerus="yes">
        <source>%n contact(s) with the same verified email or phone as {name}:</source>
        <translation>
            <numerusform>%n contact with the same verified email or phone as {name}:</numerusform>
            <numerusform>%n contacts with the same verified email or phone as {name}:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message numerus="yes">
        <source>Unknown tag(s): {tags}. Choose from the organisation&apos;s tags.</source>
        <translation>
            <numerusform>Unknown tag: {tags}. Choose from the organisation&apos;s tags.</numerusform>
            <numerusform>Unknown tags: {tags}. Choose from the organisation&apos;s tags.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>added the tag(s) {tags}</source>
        <translation>
            <numerusform>added the tag {tags}</numerusform>
            <numerusform>added the tags {tags}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed the tag(s) {tags}</source>
        <translation>
            <numerusform>removed the tag {tags}</numerusform>
            <numerusform>removed the tags {tags}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkspaceWindow</name>
    <message numerus="yes">
        <source>Merged %n contact(s) with the same verified {noun} into this one: their conversations are listed below.</source>
        <translation>
            <numerusform>Merged %n contact with the same verified {noun} into this one: their conversations are listed below.</numerusform>
            <numerusform>Merged %n contacts with the same verified {noun} into this one: their conversations are listed below.</numerusform>
        </translation>
    </message>
</context>
</TS>
