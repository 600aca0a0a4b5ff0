<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
    <name>DuplicatesDialog</name>
    <message numerus="yes">
        <source>%n contact(s) with the same verified email or phone as {name}:</source>
        <translation>
            <numerusform>%n contact with the same verified email or phone as {name}:</numerusform>
            <numerusform>%n contacts with the same verified email or phone as {name}:</numerusform>
        </translation>
    </message>
</context>
</TS>
