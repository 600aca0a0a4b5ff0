<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Omnidesk</source>
        <translation>Sobre o Omnidesk</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>Omnidesk — Administration ({name})</source>
        <translation>Omnidesk — Administração ({name})</translation>
    </message>
    <message>
        <source>Changes you save wait, and are published when the connection is back.</source>
        <translation>O que você salvar fica aguardando e é publicado quando a conexão voltar.</translation>
    </message>
    <message>
        <source>Kinds of record</source>
        <translation>Tipos de registro</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuração</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Auditoria</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Alterações pendentes</translation>
    </message>
    <message>
        <source>Load the configuration</source>
        <translation>Carregar a configuração</translation>
    </message>
    <message>
        <source>Read the audit</source>
        <translation>Ler a auditoria</translation>
    </message>
    <message>
        <source>{count} pending</source>
        <translation>{count} pendentes</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline: changes wait to be published</source>
        <translation>Offline: as alterações aguardam publicação</translation>
    </message>
    <message>
        <source>New: {kind}</source>
        <translation>Novo registro: {kind}</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>Saved as a pending change: Publish all sends it.</source>
        <translation>Salvo como alteração pendente: Publicar tudo a envia.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Desfazer</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Publicar</translation>
    </message>
    <message>
        <source>Confirm it is you</source>
        <translation>Confirme que é você</translation>
    </message>
    <message>
        <source>Resolve the conflict</source>
        <translation>Resolver o conflito</translation>
    </message>
    <message>
        <source>Resolved: Publish all sends what you kept.</source>
        <translation>Resolvido: Publicar tudo envia o que você manteve.</translation>
    </message>
    <message>
        <source>Compare with today&apos;s traffic</source>
        <translation>Comparar com o movimento de hoje</translation>
    </message>
    <message>
        <source>Read the configuration again</source>
        <translation>Ler a configuração de novo</translation>
    </message>
    <message>
        <source>Send the pending changes</source>
        <translation>Enviar as alterações pendentes</translation>
    </message>
</context>
<context>
    <name>AgentLoadModel</name>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Agora</translation>
    </message>
    <message>
        <source>With changes</source>
        <translation>Com as alterações</translation>
    </message>
</context>
<context>
    <name>AgentLoadsModel</name>
    <message>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>◐ Away</source>
        <translation>◐ Ausente</translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Takes chats</source>
        <translation>Recebe</translation>
    </message>
    <message>
        <source>Open chats</source>
        <translation>Abertas</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Em espera</translation>
    </message>
    <message>
        <source>Last assigned</source>
        <translation>Última atrib.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sim</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sem limite</translation>
    </message>
    <message>
        <source>{open_chats} / {limit}</source>
        <translation>{open_chats} / {limit}</translation>
    </message>
    <message>
        <source> ago</source>
        <translation> atrás</translation>
    </message>
    <message>
        <source>{name} serves more open chats than their limit of {limit}.</source>
        <translation>{name} atende mais conversas abertas do que o seu limite de {limit}.</translation>
    </message>
</context>
<context>
    <name>AgentsModel</name>
    <message>
        <source>● available</source>
        <translation>● disponível</translation>
    </message>
    <message>
        <source>○ not available</source>
        <translation>○ indisponível</translation>
    </message>
    <message numerus="yes">
        <source>%n open chat(s)</source>
        <translation>
            <numerusform>%n conversa aberta</numerusform>
            <numerusform>%n conversas abertas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Assign the inquiry</source>
        <translation>Atribuir a solicitação</translation>
    </message>
    <message>
        <source>Agents of the department</source>
        <translation>Agentes do departamento</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Atribuir</translation>
    </message>
    <message>
        <source>Give the chat with {visitor_name} to an agent of {department_name}</source>
        <translation>Entregar a conversa com {visitor_name} a um agente de {department_name}</translation>
    </message>
    <message>
        <source>{department_name} has no agents.</source>
        <translation>{department_name} não tem agentes.</translation>
    </message>
</context>
<context>
    <name>AssignableAgentsModel</name>
    <message>
        <source>● available</source>
        <translation>● disponível</translation>
    </message>
    <message>
        <source>○ not available</source>
        <translation>○ indisponível</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sem limite</translation>
    </message>
    <message>
        <source> · at their limit</source>
        <translation> · no limite</translation>
    </message>
    <message>
        <source>{name}  —  {state} · {open_chats} / {limit} open chats{note}</source>
        <translation>{name}  —  {state} · {open_chats} / {limit} conversas abertas{note}</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Create</source>
        <translation>Criar</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Alterar</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quem</translation>
    </message>
    <message>
        <source>What</source>
        <translation>O quê</translation>
    </message>
    <message>
        <source>Before → after</source>
        <translation>Antes → depois</translation>
    </message>
    <message>
        <source>{operation} {record}</source>
        <translation>{operation} {record}</translation>
    </message>
    <message>
        <source>Before: {before}
After: {after}</source>
        <translation>Antes: {before}
Depois: {after}</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Search the audit</source>
        <translation>Pesquisar na auditoria</translation>
    </message>
    <message>
        <source>Search the audit (who, what, a value)</source>
        <translation>Pesquisar na auditoria (quem, o quê, um valor)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Auditoria</translation>
    </message>
    <message>
        <source>Who changed what and when</source>
        <translation>Quem alterou o quê e quando</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>Dispensar</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Ocultar esta mensagem</translation>
    </message>
</context>
<context>
    <name>CannedModel</name>
    <message>
        <source>mine</source>
        <translation>minha</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>compartilhada</translation>
    </message>
</context>
<context>
    <name>CannedPicker</name>
    <message>
        <source>Canned responses</source>
        <translation>Respostas modelo</translation>
    </message>
    <message>
        <source>Find a canned response</source>
        <translation>Encontrar uma resposta modelo</translation>
    </message>
    <message>
        <source>Type to find a response (shortcut or words)</source>
        <translation>Digite para encontrar uma resposta (atalho ou palavras)</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Inserir</translation>
    </message>
    <message>
        <source>Delete mine</source>
        <translation>Excluir a minha</translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <source>Web chat</source>
        <translation>Chat web</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Voz</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
</context>
<context>
    <name>ChannelsList</name>
    <message>
        <source>No channel yet: this contact was created by hand.</source>
        <translation>Nenhum canal ainda: este contato foi criado manualmente.</translation>
    </message>
</context>
<context>
    <name>ChatInfoDialog</name>
    <message>
        <source>Chat info</source>
        <translation>Informações da conversa</translation>
    </message>
    <message>
        <source>What the chat is about</source>
        <translation>Do que trata a conversa</translation>
    </message>
    <message>
        <source>Not specified</source>
        <translation>Não especificada</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Assunto</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridade</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
</context>
<context>
    <name>ChatListModel</name>
    <message>
        <source> · on hold</source>
        <translation> · em espera</translation>
    </message>
    <message>
        <source>   ● {unread} new</source>
        <translation>   ● {unread} nova(s)</translation>
    </message>
</context>
<context>
    <name>ChatsInProgressModel</name>
    <message>
        <source>Open</source>
        <translation>Aberta</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Em espera</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Aguardando</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Encerrada</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>Visitante</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Waiting for reply</source>
        <translation>Sem resposta há</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inativa há</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>ChatsPanel</name>
    <message>
        <source>My chats</source>
        <translation>Minhas conversas</translation>
    </message>
    <message>
        <source>My chats · {rowCount}</source>
        <translation>Minhas conversas · {rowCount}</translation>
    </message>
</context>
<context>
    <name>CloseChatDialog</name>
    <message>
        <source>Close chat</source>
        <translation>Encerrar conversa</translation>
    </message>
    <message>
        <source>What was the outcome? (optional)</source>
        <translation>Qual foi o resultado? (opcional)</translation>
    </message>
    <message>
        <source>Close the chat with {visitor_name}?</source>
        <translation>Encerrar a conversa com {visitor_name}?</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentário</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Resolve a conflict</source>
        <translation>Resolver um conflito</translation>
    </message>
    <message>
        <source>Someone deleted it meanwhile.</source>
        <translation>Alguém o excluiu nesse meio-tempo.</translation>
    </message>
    <message>
        <source>Someone else changed it since you started.</source>
        <translation>Outra pessoa o alterou depois que você começou.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Was</source>
        <translation>Era</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Meu</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>Deles</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Manter</translation>
    </message>
    <message>
        <source>Apply choices</source>
        <translation>Aplicar escolhas</translation>
    </message>
    <message>
        <source>{who} Choose, per field, which value to keep; fields you give to them leave your change.</source>
        <translation>{who} Escolha, campo a campo, qual valor manter; os campos que você deixar com a outra pessoa saem da sua alteração.</translation>
    </message>
</context>
<context>
    <name>ConflictingValue</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Contact manager</source>
        <translation>Gerente do contato</translation>
    </message>
</context>
<context>
    <name>ConflictsBox</name>
    <message>
        <source>These values came from channels or contacts merged into this one. Choose the one to keep.</source>
        <translation>Estes valores vieram de canais ou contatos mesclados a este. Escolha o que deve ficar.</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n field(s) with conflicting values</source>
        <translation>
            <numerusform>⚠ %n campo com valores em conflito</numerusform>
            <numerusform>⚠ %n campos com valores em conflito</numerusform>
        </translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>Valor atual</translation>
    </message>
    <message>
        <source>From {source} · {day_and_time}</source>
        <translation>De {source} · {day_and_time}</translation>
    </message>
    <message>
        <source>Use this</source>
        <translation>Usar este</translation>
    </message>
    <message>
        <source>Keep “{value}”</source>
        <translation>Manter “{value}”</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>Retry now</source>
        <translation>Tentar agora</translation>
    </message>
    <message>
        <source>Try to reach the server again now</source>
        <translation>Tentar alcançar o servidor de novo agora</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Reconnecting — showing what was saved on this computer.</source>
        <translation>Reconectando — mostrando o que foi salvo neste computador.</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s — showing what was saved on this computer.</source>
        <translation>
            <numerusform>Reconectando em %n s — mostrando o que foi salvo neste computador.</numerusform>
            <numerusform>Reconectando em %n s — mostrando o que foi salvo neste computador.</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline — showing what was saved on this computer.</source>
        <translation>Offline — mostrando o que foi salvo neste computador.</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Reconectar</translation>
    </message>
</context>
<context>
    <name>ContactCenterWindow</name>
    <message>
        <source>Name, A to Z</source>
        <translation>Nome, de A a Z</translation>
    </message>
    <message>
        <source>Name, Z to A</source>
        <translation>Nome, de Z a A</translation>
    </message>
    <message>
        <source>Last chat, newest first</source>
        <translation>Última conversa, mais recentes primeiro</translation>
    </message>
    <message>
        <source>Last chat, oldest first</source>
        <translation>Última conversa, mais antigas primeiro</translation>
    </message>
    <message>
        <source>Created, newest first</source>
        <translation>Criação, mais recentes primeiro</translation>
    </message>
    <message>
        <source>Created, oldest first</source>
        <translation>Criação, mais antigos primeiro</translation>
    </message>
    <message>
        <source>Omnidesk — Contact Center — {name}</source>
        <translation>Omnidesk — Central de contatos — {name}</translation>
    </message>
    <message>
        <source>Search name, email, phone or address   (Ctrl+F)</source>
        <translation>Pesquisar nome, e-mail, telefone ou endereço   (Ctrl+F)</translation>
    </message>
    <message>
        <source>Order of the list (a click on the Name or Last chat header too)</source>
        <translation>Ordem da lista (um clique no cabeçalho Nome ou Última conversa também)</translation>
    </message>
    <message>
        <source>New contact…</source>
        <translation>Novo contato…</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflitos</translation>
    </message>
    <message>
        <source>Open the Contact Center</source>
        <translation>Abrir a Central de contatos</translation>
    </message>
    <message>
        <source>No match for &apos;{text}&apos;</source>
        <translation>Nada encontrado para &apos;{text}&apos;</translation>
    </message>
    <message>
        <source>No contacts match &apos;{text}&apos;.
Search looks in names, emails, phone numbers and channel addresses; every word must match.</source>
        <translation>Nenhum contato corresponde a &apos;{text}&apos;.
A pesquisa procura em nomes, e-mails, telefones e endereços de canal; todas as palavras precisam corresponder.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es) &apos;{text}&apos;</source>
        <translation>
            <numerusform>%Ln resultado para &apos;{text}&apos;</numerusform>
            <numerusform>%Ln resultados para &apos;{text}&apos;</numerusform>
        </translation>
    </message>
    <message>
        <source>The contacts update when the connection is back.</source>
        <translation>Os contatos são atualizados quando a conexão voltar.</translation>
    </message>
    <message>
        <source>Search contacts</source>
        <translation>Pesquisar contatos</translation>
    </message>
    <message>
        <source>Order of the list</source>
        <translation>Ordem da lista</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contatos</translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contato</numerusform>
            <numerusform>%Ln contatos</numerusform>
        </translation>
    </message>
    <message>
        <source>No contacts yet. Contacts appear when visitors write in, or create one with New contact…</source>
        <translation>Nenhum contato ainda. Os contatos aparecem quando os visitantes escrevem, ou crie um com Novo contato…</translation>
    </message>
    <message>
        <source>No contacts yet. Contacts appear when visitors write in.</source>
        <translation>Nenhum contato ainda. Os contatos aparecem quando os visitantes escrevem.</translation>
    </message>
    <message>
        <source>Show the contact</source>
        <translation>Mostrar o contato</translation>
    </message>
    <message>
        <source>Search the contact&apos;s chats</source>
        <translation>Pesquisar as conversas do contato</translation>
    </message>
    <message>
        <source>Open the chat</source>
        <translation>Abrir a conversa</translation>
    </message>
    <message>
        <source>Conflict settled for {name}.</source>
        <translation>Conflito resolvido para {name}.</translation>
    </message>
    <message>
        <source>Settle the conflict</source>
        <translation>Resolver o conflito</translation>
    </message>
    <message>
        <source>Save the contact</source>
        <translation>Salvar o contato</translation>
    </message>
    <message>
        <source>Created {name}.</source>
        <translation>{name} criado.</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} salvo.</translation>
    </message>
    <message numerus="yes">
        <source>Merged %n contact(s) into {name}.</source>
        <translation>
            <numerusform>%n contato mesclado em {name}.</numerusform>
            <numerusform>%n contatos mesclados em {name}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge the contacts</source>
        <translation>Mesclar os contatos</translation>
    </message>
</context>
<context>
    <name>ContactDetail</name>
    <message>
        <source>Unknown</source>
        <translation>Desconhecido</translation>
    </message>
    <message>
        <source>✓ Verified</source>
        <translation>✓ Verificado</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Change the name, emails, phones, manager or custom fields</source>
        <translation>Alterar o nome, os e-mails, os telefones, o gerente ou os campos personalizados</translation>
    </message>
    <message>
        <source>Emails</source>
        <translation>E-mails</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Telefones</translation>
    </message>
    <message>
        <source>Contact manager</source>
        <translation>Gerente do contato</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criado em</translation>
    </message>
    <message>
        <source>Last chat</source>
        <translation>Última conversa</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canais</translation>
    </message>
    <message>
        <source>Search this contact&apos;s chats</source>
        <translation>Pesquisar as conversas deste contato</translation>
    </message>
    <message>
        <source>Search every chat of this contact</source>
        <translation>Pesquisar em todas as conversas deste contato</translation>
    </message>
    <message>
        <source>Chats of this contact</source>
        <translation>Conversas deste contato</translation>
    </message>
    <message>
        <source>History of this contact</source>
        <translation>Histórico deste contato</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Conversas</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
    <message>
        <source>Choose a contact on the left to see their profile, channels, chats and history.</source>
        <translation>Escolha um contato à esquerda para ver o perfil, os canais, as conversas e o histórico.</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sem nome)</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n conflict(s)</source>
        <translation>
            <numerusform>⚠ %n conflito</numerusform>
            <numerusform>⚠ %n conflitos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s)</source>
        <translation>
            <numerusform>%n canal</numerusform>
            <numerusform>%n canais</numerusform>
        </translation>
    </message>
    <message>
        <source>managed by {manager}</source>
        <translation>gerenciado por {manager}</translation>
    </message>
    <message>
        <source>created {day}</source>
        <translation>criado em {day}</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Ninguém</translation>
    </message>
    <message>
        <source>No chat yet</source>
        <translation>Nenhuma conversa ainda</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>Campos personalizados</translation>
    </message>
    <message>
        <source>Chats ({count})</source>
        <translation>Conversas ({count})</translation>
    </message>
    <message>
        <source>Chats ({count} match)</source>
        <translation>Conversas ({count} encontradas)</translation>
    </message>
    <message>
        <source>No chat of this contact mentions &apos;{searching}&apos;.</source>
        <translation>Nenhuma conversa deste contato menciona &apos;{searching}&apos;.</translation>
    </message>
    <message>
        <source>This contact has no chat yet.</source>
        <translation>Este contato ainda não tem conversas.</translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation>Histórico ({count})</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Edit contact</source>
        <translation>Editar contato</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>Novo contato</translation>
    </message>
    <message>
        <source>First and last name</source>
        <translation>Nome e sobrenome</translation>
    </message>
    <message>
        <source>One email per line</source>
        <translation>Um e-mail por linha</translation>
    </message>
    <message>
        <source>One phone number per line, with its country code (+44 20 7946 0958)</source>
        <translation>Um telefone por linha, com o código do país (+55 11 91234 5678)</translation>
    </message>
    <message>
        <source>No contact manager</source>
        <translation>Sem gerente do contato</translation>
    </message>
    <message>
        <source>One per line: name=value (plan=gold)</source>
        <translation>Um por linha: nome=valor (plano=ouro)</translation>
    </message>
    <message>
        <source>Current manager</source>
        <translation>Gerente atual</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Emails</source>
        <translation>E-mails</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Telefones</translation>
    </message>
    <message>
        <source>Contact manager</source>
        <translation>Gerente do contato</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>Campos personalizados</translation>
    </message>
    <message>
        <source>&apos;{line}&apos; is not name=value: write one custom field per line, like plan=gold.</source>
        <translation>&apos;{line}&apos; não está no formato nome=valor: escreva um campo personalizado por linha, como plano=ouro.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Salvando…</translation>
    </message>
</context>
<context>
    <name>ContactListModel</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canais</translation>
    </message>
    <message>
        <source>Last chat</source>
        <translation>Última conversa</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Gerente</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflitos</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sem nome)</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>não verificado</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verificado</translation>
    </message>
    <message>
        <source>No channel</source>
        <translation>Nenhum canal</translation>
    </message>
    <message>
        <source>No chat yet</source>
        <translation>Nenhuma conversa ainda</translation>
    </message>
    <message numerus="yes">
        <source>%n differing value(s): open the contact to choose which to keep</source>
        <translation>
            <numerusform>%n valor divergente: abra o contato para escolher qual manter</numerusform>
            <numerusform>%n valores divergentes: abra o contato para escolher quais manter</numerusform>
        </translation>
    </message>
    <message>
        <source>Load the contacts</source>
        <translation>Carregar os contatos</translation>
    </message>
</context>
<context>
    <name>ContactLogModel</name>
    <message>
        <source>Created</source>
        <translation>Criado</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Editado</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verificado</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Mesclado</translation>
    </message>
    <message>
        <source>Conflict settled</source>
        <translation>Conflito resolvido</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quem</translation>
    </message>
    <message>
        <source>What</source>
        <translation>O quê</translation>
    </message>
    <message>
        <source>{kind}: {text}</source>
        <translation>{kind}: {text}</translation>
    </message>
    <message>
        <source>Merged contacts: {ids}</source>
        <translation>Contatos mesclados: {ids}</translation>
    </message>
</context>
<context>
    <name>ContactPanel</name>
    <message>
        <source>Unknown contact: it was made automatically from a visitor, and none of its channels has been verified since. Verify the visitor&apos;s email or phone to vouch for it; your organisation may keep agents from taking chats of unknown contacts.</source>
        <translation>Contato desconhecido: foi criado automaticamente a partir de um visitante, e nenhum dos seus canais foi verificado desde então. Verifique o e-mail ou o telefone do visitante para confirmá-lo; sua organização pode impedir que os agentes assumam conversas de contatos desconhecidos.</translation>
    </message>
    <message>
        <source>Unknown contact</source>
        <translation>Contato desconhecido</translation>
    </message>
    <message>
        <source>✓ Verified</source>
        <translation>✓ Verificado</translation>
    </message>
    <message>
        <source>A channel of this contact has been verified.</source>
        <translation>Um canal deste contato foi verificado.</translation>
    </message>
    <message>
        <source>Verify…</source>
        <translation>Verificar…</translation>
    </message>
    <message>
        <source>Record the email or phone number the visitor proved: contacts holding the same verified one become this one</source>
        <translation>Registrar o e-mail ou o telefone que o visitante comprovou: os contatos com o mesmo dado verificado passam a ser este</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canais</translation>
    </message>
    <message>
        <source>Open in Contact Center ›</source>
        <translation>Central de contatos ›</translation>
    </message>
    <message>
        <source>See and edit the whole contact, settle conflicting values, read its log</source>
        <translation>Ver e editar o contato inteiro, resolver valores em conflito, ler o seu histórico</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversas</translation>
    </message>
    <message>
        <source>Search this contact&apos;s conversations</source>
        <translation>Pesquisar as conversas deste contato</translation>
    </message>
    <message>
        <source>Conversations of this contact</source>
        <translation>Conversas deste contato</translation>
    </message>
    <message>
        <source>No contact</source>
        <translation>Nenhum contato</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n conflicting value(s)</source>
        <translation>
            <numerusform>⚠ %n valor em conflito</numerusform>
            <numerusform>⚠ %n valores em conflito</numerusform>
        </translation>
    </message>
    <message>
        <source>Values that differ from the contact&apos;s, kept until someone chooses (in the Contact Center):</source>
        <translation>Valores diferentes dos do contato, mantidos até que alguém escolha (na Central de contatos):</translation>
    </message>
    <message>
        <source>{field}: {value} (from {source})</source>
        <translation>{field}: {value} (de {source})</translation>
    </message>
    <message>
        <source>  (this chat)</source>
        <translation>  (esta conversa)</translation>
    </message>
    <message>
        <source>the visitor</source>
        <translation>o visitante</translation>
    </message>
    <message>
        <source>not verified yet</source>
        <translation>ainda não verificado</translation>
    </message>
    <message>
        <source>{who} on {channel} ({address}): {state}</source>
        <translation>{who} em {channel} ({address}): {state}</translation>
    </message>
    <message numerus="yes">
        <source>%n matching conversation(s)</source>
        <translation>
            <numerusform>%n conversa encontrada</numerusform>
            <numerusform>%n conversas encontradas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s)</source>
        <translation>
            <numerusform>%n conversa</numerusform>
            <numerusform>%n conversas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Contacts</name>
    <message>
        <source>Unknown contact: nobody has verified a channel of this contact or edited it yet, and your organisation does not let agents take such chats.</source>
        <translation>Contato desconhecido: ninguém verificou um canal deste contato nem o editou ainda, e sua organização não permite que os agentes assumam essas conversas.</translation>
    </message>
    <message>
        <source>Unverified channel: your organisation lets agents take only chats whose channel has been verified.</source>
        <translation>Canal não verificado: sua organização só permite que os agentes assumam conversas cujo canal foi verificado.</translation>
    </message>
    <message>
        <source>Give the contact a name.</source>
        <translation>Dê um nome ao contato.</translation>
    </message>
    <message>
        <source>A name is at most {MAX_NAME_CHARS} characters.</source>
        <translation>Um nome tem no máximo {MAX_NAME_CHARS} caracteres.</translation>
    </message>
    <message>
        <source>The name holds invisible control characters; retype it.</source>
        <translation>O nome contém caracteres de controle invisíveis; digite-o de novo.</translation>
    </message>
    <message>
        <source>&apos;{address}&apos; is not an email address: {error}</source>
        <translation>&apos;{address}&apos; não é um endereço de e-mail: {error}</translation>
    </message>
    <message>
        <source>&apos;{typed}&apos; is not a phone number. Write it with its country code, for example +44 20 7946 0958.</source>
        <translation>&apos;{typed}&apos; não é um número de telefone. Escreva-o com o código do país, por exemplo +55 11 91234 5678.</translation>
    </message>
    <message>
        <source>&apos;{typed}&apos; is not a valid phone number for its country.</source>
        <translation>&apos;{typed}&apos; não é um número de telefone válido para o seu país.</translation>
    </message>
    <message>
        <source>A contact has at most {MAX_CUSTOM_FIELDS} custom fields.</source>
        <translation>Um contato tem no máximo {MAX_CUSTOM_FIELDS} campos personalizados.</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; cannot name a custom field: use letters, digits, - or _, starting with a letter (at most 64).</source>
        <translation>&apos;{name}&apos; não pode nomear um campo personalizado: use letras, dígitos, - ou _, começando por uma letra (no máximo 64).</translation>
    </message>
    <message>
        <source>The custom field &apos;{name}&apos; is given twice.</source>
        <translation>O campo personalizado &apos;{name}&apos; aparece duas vezes.</translation>
    </message>
    <message>
        <source>The value of &apos;{name}&apos; is too long or holds control characters.</source>
        <translation>O valor de &apos;{name}&apos; é longo demais ou contém caracteres de controle.</translation>
    </message>
    <message>
        <source>A contact has at most {MAX_ADDRESSES} emails and {MAX_ADDRESSES} phones.</source>
        <translation>Um contato tem no máximo {MAX_ADDRESSES} e-mails e {MAX_ADDRESSES} telefones.</translation>
    </message>
</context>
<context>
    <name>ConversationPanel</name>
    <message>
        <source>Close chat…</source>
        <translation>Encerrar…</translation>
    </message>
    <message>
        <source>Close the chat with a comment and tags (Ctrl+W)</source>
        <translation>Encerrar a conversa com um comentário e tags (Ctrl+W)</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transferir…</translation>
    </message>
    <message>
        <source>Hand the chat to an agent or a department (Ctrl+Shift+T)</source>
        <translation>Passar a conversa a um agente ou a um departamento (Ctrl+Shift+T)</translation>
    </message>
    <message>
        <source>Info…</source>
        <translation>Detalhes…</translation>
    </message>
    <message>
        <source>Topic, tags and priority of the chat (Ctrl+I)</source>
        <translation>Assunto, tags e prioridade da conversa (Ctrl+I)</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>On-hold chats do not count towards your limit (Ctrl+H)</source>
        <translation>Conversas em espera não contam para o seu limite (Ctrl+H)</translation>
    </message>
    <message>
        <source>Verify…</source>
        <translation>Verificar…</translation>
    </message>
    <message>
        <source>Record the email or phone number the visitor proved</source>
        <translation>Registrar o e-mail ou o telefone que o visitante comprovou</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Conversa</translation>
    </message>
    <message>
        <source>The messages of the chat, oldest first</source>
        <translation>As mensagens da conversa, das mais antigas para as mais recentes</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Resposta</translation>
    </message>
    <message>
        <source>Ctrl+Enter sends</source>
        <translation>Ctrl+Enter envia</translation>
    </message>
    <message>
        <source>Write a reply… (Ctrl+Enter sends)</source>
        <translation>Escreva uma resposta… (Ctrl+Enter envia)</translation>
    </message>
    <message>
        <source>Canned…</source>
        <translation>Modelos…</translation>
    </message>
    <message>
        <source>Insert a canned response (Ctrl+Shift+K, or type !shortcut then Tab)</source>
        <translation>Inserir uma resposta modelo (Ctrl+Shift+K, ou digite !atalho e depois Tab)</translation>
    </message>
    <message>
        <source>Save as canned…</source>
        <translation>Salvar modelo…</translation>
    </message>
    <message>
        <source>Keep this text as one of your own canned responses</source>
        <translation>Guardar este texto como uma das suas respostas modelo</translation>
    </message>
    <message>
        <source>Insert an emoji (Ctrl+Shift+E, or type :name: — or :name then Tab)</source>
        <translation>Inserir um emoji (Ctrl+Shift+E, ou digite :nome: — ou :nome e depois Tab)</translation>
    </message>
    <message>
        <source>Insert an emoji</source>
        <translation>Inserir um emoji</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Write an internal note: only agents, monitors and admins see it, never the visitor</source>
        <translation>Escrever uma nota interna: só agentes, monitores e administradores a veem, nunca o visitante</translation>
    </message>
    <message>
        <source>Internal note mode</source>
        <translation>Modo de nota interna</translation>
    </message>
    <message>
        <source>Chat actions</source>
        <translation>Ações da conversa</translation>
    </message>
    <message>
        <source>This chat is no longer yours: it was handed to someone else.</source>
        <translation>Esta conversa não é mais sua: foi passada para outra pessoa.</translation>
    </message>
    <message>
        <source>No chat open</source>
        <translation>Nenhuma conversa aberta</translation>
    </message>
    <message>
        <source>Take an inquiry from the queue or choose one of your chats.</source>
        <translation>Assuma uma solicitação da fila ou escolha uma das suas conversas.</translation>
    </message>
    <message>
        <source>open</source>
        <translation>aberta</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>em espera</translation>
    </message>
    <message>
        <source>waiting in the queue</source>
        <translation>aguardando na fila</translation>
    </message>
    <message>
        <source>closed {day_and_time}</source>
        <translation>encerrada em {day_and_time}</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>encerrada</translation>
    </message>
    <message>
        <source>{priority} priority</source>
        <translation>prioridade {priority}</translation>
    </message>
    <message>
        <source>tags: {tags}</source>
        <translation>tags: {tags}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Retomar</translation>
    </message>
    <message>
        <source>Read only: this chat is not yours or is no longer open.</source>
        <translation>Somente leitura: esta conversa não é sua ou não está mais aberta.</translation>
    </message>
    <message>
        <source>On hold: resume the chat to write.</source>
        <translation>Em espera: retome a conversa para escrever.</translation>
    </message>
    <message>
        <source>Sending files is turned off for this desk.</source>
        <translation>O envio de arquivos está desativado nesta central.</translation>
    </message>
    <message>
        <source>Files can be sent in a chat you serve and that is open.</source>
        <translation>Arquivos podem ser enviados numa conversa aberta que você atende.</translation>
    </message>
    <message>
        <source>Save “{name}” as…</source>
        <translation>Salvar “{name}” como…</translation>
    </message>
    <message>
        <source>{count} characters: the limit is {limit}; shorten it to send.</source>
        <translation>{count} caracteres: o limite é {limit}; encurte para enviar.</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Adicionar nota</translation>
    </message>
    <message>
        <source>Write an internal note: only staff see it… (Ctrl+Enter adds it)</source>
        <translation>Escreva uma nota interna: só a equipe a vê… (Ctrl+Enter adiciona)</translation>
    </message>
    <message>
        <source>{visitor_name} last wrote {silent} ago</source>
        <translation>{visitor_name} escreveu há {silent}</translation>
    </message>
    <message>
        <source>{visitor_name} is typing…</source>
        <translation>{visitor_name} está digitando…</translation>
    </message>
</context>
<context>
    <name>DayCharts</name>
    <message>
        <source>Started</source>
        <translation>Iniciadas</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Encerradas</translation>
    </message>
    <message>
        <source>Chats per hour</source>
        <translation>Conversas por hora</translation>
    </message>
    <message>
        <source>Most waiting at once</source>
        <translation>Máximo aguardando ao mesmo tempo</translation>
    </message>
    <message>
        <source>Queue per hour</source>
        <translation>Fila por hora</translation>
    </message>
    <message>
        <source>Median wait (min)</source>
        <translation>Espera mediana (min)</translation>
    </message>
    <message>
        <source>90% waited less (min)</source>
        <translation>90% esperaram menos (min)</translation>
    </message>
    <message>
        <source>Wait before an agent</source>
        <translation>Espera até um agente</translation>
    </message>
</context>
<context>
    <name>DepartmentQueuesModel</name>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Aguardando</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Maior espera</translation>
    </message>
    <message>
        <source>SLA due soon</source>
        <translation>SLA vencendo</translation>
    </message>
    <message>
        <source>SLA breached</source>
        <translation>SLA vencido</translation>
    </message>
    <message>
        <source>Waiting inquiries whose SLA falls due soon</source>
        <translation>Solicitações aguardando cujo SLA vence em breve</translation>
    </message>
    <message>
        <source>Waiting inquiries past their SLA</source>
        <translation>Solicitações aguardando com SLA vencido</translation>
    </message>
</context>
<context>
    <name>DeskSearch</name>
    <message>
        <source>Search conversations  (Ctrl+K)</source>
        <translation>Pesquisar conversas  (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search every conversation</source>
        <translation>Pesquisar em todas as conversas</translation>
    </message>
    <message>
        <source>Messages found</source>
        <translation>Mensagens encontradas</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>Mostrar mais</translation>
    </message>
    <message>
        <source>Search the conversations</source>
        <translation>Pesquisar as conversas</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Pesquisando…</translation>
    </message>
    <message>
        <source>No message matches “{query}”. Every word must be in the message (the last one may be the start of a word).</source>
        <translation>Nenhuma mensagem corresponde a “{query}”. Todas as palavras precisam estar na mensagem (a última pode ser o começo de uma palavra).</translation>
    </message>
    <message>
        <source>The {count} best matches</source>
        <translation>Os {count} melhores resultados</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n mensagem</numerusform>
            <numerusform>%n mensagens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeskSession</name>
    <message>
        <source>Embedded desk · {path}</source>
        <translation>Central local · {path}</translation>
    </message>
    <message>
        <source>website chat on {url}</source>
        <translation>chat do site em {url}</translation>
    </message>
    <message>
        <source>Website chat cannot listen on {host}:{port}: {problem}. Choose another address with --intake.</source>
        <translation>O chat do site não pode escutar em {host}:{port}: {problem}. Escolha outro endereço com --intake.</translation>
    </message>
    <message>
        <source>Nobody called &apos;{name}&apos; is in this organisation. Try one of: {known}.</source>
        <translation>Ninguém chamado &apos;{name}&apos; está nesta organização. Tente um destes: {known}.</translation>
    </message>
    <message>
        <source>Over a server, Omnidesk offers the agent&apos;s desk and administration so far; {name} is neither an agent nor an admin there. Sign in as one, or use the server&apos;s web client.</source>
        <translation>Em um servidor, o Omnidesk oferece por enquanto a mesa do agente e a administração; {name} não é agente nem administrador lá. Entre como um deles ou use o cliente web do servidor.</translation>
    </message>
</context>
<context>
    <name>DifferencesModel</name>
    <message>
        <source>Visitor</source>
        <translation>Visitante</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Agora</translation>
    </message>
    <message>
        <source>With changes</source>
        <translation>Com as alterações</translation>
    </message>
</context>
<context>
    <name>DrillDown</name>
    <message>
        <source>Open the chat</source>
        <translation>Abrir a conversa</translation>
    </message>
    <message>
        <source>Read the chat</source>
        <translation>Ler a conversa</translation>
    </message>
    <message>
        <source>an agent of another unit</source>
        <translation>um agente de outra unidade</translation>
    </message>
    <message>
        <source>This inquiry is no longer waiting.</source>
        <translation>Esta solicitação não está mais aguardando.</translation>
    </message>
    <message>
        <source>Add the note</source>
        <translation>Adicionar a nota</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>Possible duplicates</source>
        <translation>Possíveis duplicados</translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) with the same verified email or phone as {name}:</source>
        <translation>
            <numerusform>%n contato com o mesmo e-mail ou telefone verificado que {name}:</numerusform>
            <numerusform>%n contatos com o mesmo e-mail ou telefone verificado que {name}:</numerusform>
        </translation>
    </message>
    <message>
        <source>this contact</source>
        <translation>este contato</translation>
    </message>
    <message>
        <source>Merging moves their channels and chats here; values that differ are kept as conflicts for you to settle.</source>
        <translation>Mesclar traz os canais e as conversas deles para cá; valores diferentes ficam como conflitos para você resolver.</translation>
    </message>
    <message>
        <source>Merge them into this contact</source>
        <translation>Mesclá-los neste contato</translation>
    </message>
    <message>
        <source>Keep them apart</source>
        <translation>Mantê-los separados</translation>
    </message>
</context>
<context>
    <name>EmojiPicker</name>
    <message>
        <source>Find an emoji by name</source>
        <translation>Encontrar um emoji pelo nome</translation>
    </message>
    <message>
        <source>Emoji categories</source>
        <translation>Categorias de emoji</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>Emoji</translation>
    </message>
    <message>
        <source>Enter inserts the chosen emoji</source>
        <translation>Enter insere o emoji escolhido</translation>
    </message>
    <message>
        <source>No emoji has that name.</source>
        <translation>Nenhum emoji tem esse nome.</translation>
    </message>
</context>
<context>
    <name>FieldSpec</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Ativado</translation>
    </message>
    <message>
        <source>A disabled department takes no new chats.</source>
        <translation>Um departamento desativado não recebe novas conversas.</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidade</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agentes</translation>
    </message>
    <message>
        <source>In this order auto selection breaks ties.</source>
        <translation>Nesta ordem a seleção automática desempata.</translation>
    </message>
    <message>
        <source>Chats per agent</source>
        <translation>Conversas por agente</translation>
    </message>
    <message>
        <source>Caps each agent&apos;s chats in this department; empty: no department cap.</source>
        <translation>Limita as conversas de cada agente neste departamento; vazio: sem limite do departamento.</translation>
    </message>
    <message>
        <source>Fallback department</source>
        <translation>Departamento alternativo</translation>
    </message>
    <message>
        <source>Where chats go when nobody here can take them.</source>
        <translation>Para onde vão as conversas quando ninguém aqui pode assumi-las.</translation>
    </message>
    <message>
        <source>Business hours</source>
        <translation>Horário de expediente</translation>
    </message>
    <message>
        <source>May transfer to</source>
        <translation>Pode transferir para</translation>
    </message>
    <message>
        <source>Departments its chats may be transferred to; empty: any.</source>
        <translation>Departamentos para os quais as conversas podem ser transferidas; vazio: qualquer um.</translation>
    </message>
    <message>
        <source>Default SLA</source>
        <translation>SLA padrão</translation>
    </message>
    <message>
        <source>Beyond Rocket.Chat (which sets SLAs per room): the SLA new inquiries get.</source>
        <translation>Além do Rocket.Chat (que define SLAs por sala): o SLA que as novas solicitações recebem.</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>Departamentos</translation>
    </message>
    <message>
        <source>Monitors</source>
        <translation>Monitores</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nome de usuário</translation>
    </message>
    <message>
        <source>How they sign in; cannot change later.</source>
        <translation>Como a pessoa entra; não pode mudar depois.</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Serves chats (Rocket.Chat&apos;s livechat-agent role).</source>
        <translation>Atende conversas (a função livechat-agent do Rocket.Chat).</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>Monitor</translation>
    </message>
    <message>
        <source>Supervises units (Rocket.Chat&apos;s livechat-monitor role).</source>
        <translation>Supervisiona unidades (a função livechat-monitor do Rocket.Chat).</translation>
    </message>
    <message>
        <source>Max open chats</source>
        <translation>Máximo de conversas abertas</translation>
    </message>
    <message>
        <source>Empty: the organisation&apos;s limit.</source>
        <translation>Vazio: o limite da organização.</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>Habilidades</translation>
    </message>
    <message>
        <source>Used by skills-based routing (beyond Rocket.Chat).</source>
        <translation>Usadas pelo roteamento por habilidades (além do Rocket.Chat).</translation>
    </message>
    <message>
        <source>Timezone</source>
        <translation>Fuso horário</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Ativo</translation>
    </message>
    <message>
        <source>Inactive hours mean always open.</source>
        <translation>Horário inativo significa sempre aberto.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Aberto</translation>
    </message>
    <message>
        <source>Routing method</source>
        <translation>Método de roteamento</translation>
    </message>
    <message>
        <source>Chats per agent (0: no limit)</source>
        <translation>Conversas por agente (0: sem limite)</translation>
    </message>
    <message>
        <source>Waiting queue</source>
        <translation>Fila de espera</translation>
    </message>
    <message>
        <source>Queue order</source>
        <translation>Ordem da fila</translation>
    </message>
    <message>
        <source>sla: the shorter SLA first, as Rocket.Chat sorts; sla_due: the SLA due soonest first (beyond Rocket.Chat).</source>
        <translation>sla: o SLA mais curto primeiro, como o Rocket.Chat ordena; sla_due: o SLA que vence primeiro antes (além do Rocket.Chat).</translation>
    </message>
    <message>
        <source>Route to away agents</source>
        <translation>Rotear para agentes ausentes</translation>
    </message>
    <message>
        <source>Fallback forward depth</source>
        <translation>Profundidade de encaminhamento alternativo</translation>
    </message>
    <message>
        <source>Move unanswered chats after (s, 0: never)</source>
        <translation>Mover conversas sem resposta após (s, 0: nunca)</translation>
    </message>
    <message>
        <source>Once per chat, as in Rocket.Chat.</source>
        <translation>Uma vez por conversa, como no Rocket.Chat.</translation>
    </message>
    <message>
        <source>Keep moving unanswered chats</source>
        <translation>Continuar movendo conversas sem resposta</translation>
    </message>
    <message>
        <source>Beyond Rocket.Chat, which moves a chat on once: every agent it reaches has the time to answer, and it never goes back to one who let it pass.</source>
        <translation>Além do Rocket.Chat, que move uma conversa uma só vez: cada agente que a recebe tem o tempo para responder, e ela nunca volta para quem a deixou passar.</translation>
    </message>
    <message>
        <source>When the visitor goes silent</source>
        <translation>Quando o visitante fica em silêncio</translation>
    </message>
    <message>
        <source>Visitor silence (s)</source>
        <translation>Silêncio do visitante (s)</translation>
    </message>
    <message>
        <source>Max queue wait (s, 0: none)</source>
        <translation>Espera máxima na fila (s, 0: nenhuma)</translation>
    </message>
    <message>
        <source>Agents may not take chats of unknown contacts</source>
        <translation>Agentes não podem assumir conversas de contatos desconhecidos</translation>
    </message>
    <message>
        <source>Agents may not take chats from unverified channels</source>
        <translation>Agentes não podem assumir conversas de canais não verificados</translation>
    </message>
    <message>
        <source>Merging contacts: differing custom fields</source>
        <translation>Ao mesclar contatos: campos personalizados divergentes</translation>
    </message>
    <message>
        <source>keep: as conflicts to choose from (beyond Rocket.Chat); drop: as Rocket.Chat&apos;s merger does.</source>
        <translation>manter: como conflitos para escolher (além do Rocket.Chat); descartar: como faz a mesclagem do Rocket.Chat.</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Peso</translation>
    </message>
    <message>
        <source>1 is served first.</source>
        <translation>1 é atendida primeiro.</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descrição</translation>
    </message>
    <message>
        <source>Due within (minutes)</source>
        <translation>Prazo (minutos)</translation>
    </message>
    <message>
        <source>Where the tag is offered; empty: everywhere.</source>
        <translation>Onde a tag é oferecida; vazio: em todo lugar.</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Atalho</translation>
    </message>
    <message>
        <source>Agents type !shortcut.</source>
        <translation>Os agentes digitam !atalho.</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Empty: everyone&apos;s.</source>
        <translation>Vazio: de todos.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Cor</translation>
    </message>
    <message>
        <source>Ask name and email first</source>
        <translation>Pedir nome e e-mail primeiro</translation>
    </message>
    <message>
        <source>Offline title</source>
        <translation>Título offline</translation>
    </message>
    <message>
        <source>Offline message</source>
        <translation>Mensagem offline</translation>
    </message>
    <message>
        <source>After an offline message</source>
        <translation>Após uma mensagem offline</translation>
    </message>
    <message>
        <source>Allowed websites</source>
        <translation>Sites permitidos</translation>
    </message>
    <message>
        <source>Origins such as https://shop.example; empty: any.</source>
        <translation>Origens como https://loja.example; vazio: qualquer uma.</translation>
    </message>
    <message>
        <source>Visitor custom fields</source>
        <translation>Campos personalizados do visitante</translation>
    </message>
    <message>
        <source>Keys the site may set with setCustomField, such as customer_id; &quot;order: Order number&quot; also asks it on the registration form.</source>
        <translation>Chaves que o site pode definir com setCustomField, como customer_id; &quot;order: Número do pedido&quot; também o pergunta no formulário de cadastro.</translation>
    </message>
    <message>
        <source>Ask consent to data processing</source>
        <translation>Pedir consentimento para o tratamento de dados</translation>
    </message>
    <message>
        <source>Visitors agree before chatting, and the chat&apos;s menu offers them to remove their data.</source>
        <translation>Os visitantes concordam antes de conversar, e o menu do chat lhes oferece remover seus dados.</translation>
    </message>
    <message>
        <source>Consent text</source>
        <translation>Texto de consentimento</translation>
    </message>
    <message>
        <source>Who keeps the visitor&apos;s data and why; empty: the widget&apos;s own words.</source>
        <translation>Quem guarda os dados do visitante e por quê; vazio: as palavras do próprio widget.</translation>
    </message>
    <message>
        <source>Files may be sent in chats</source>
        <translation>Arquivos podem ser enviados nas conversas</translation>
    </message>
    <message>
        <source>Website visitors may send files</source>
        <translation>Visitantes do site podem enviar arquivos</translation>
    </message>
    <message>
        <source>Largest file (bytes)</source>
        <translation>Maior arquivo (bytes)</translation>
    </message>
    <message>
        <source>104857600 bytes is 100 MB, Rocket.Chat&apos;s default.</source>
        <translation>104857600 bytes são 100 MB, o padrão do Rocket.Chat.</translation>
    </message>
    <message>
        <source>Accepted media types</source>
        <translation>Tipos de mídia aceitos</translation>
    </message>
    <message>
        <source>Comma-separated, such as image/*, application/pdf; empty: any type.</source>
        <translation>Separados por vírgula, como image/*, application/pdf; vazio: qualquer tipo.</translation>
    </message>
    <message>
        <source>Refused media types</source>
        <translation>Tipos de mídia recusados</translation>
    </message>
    <message>
        <source>Comma-separated; refused even when accepted above. image/svg+xml (a picture that can hold script) is refused by default.</source>
        <translation>Separados por vírgula; recusados mesmo quando aceitos acima. image/svg+xml (uma imagem que pode conter script) é recusado por padrão.</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Sending {name}…</source>
        <translation>Enviando {name}…</translation>
    </message>
    <message>
        <source>Sent {name}.</source>
        <translation>{name} enviado.</translation>
    </message>
    <message>
        <source>Send {name}</source>
        <translation>Enviar {name}</translation>
    </message>
    <message>
        <source>Save the file</source>
        <translation>Salvar o arquivo</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>Salvo em {path}.</translation>
    </message>
</context>
<context>
    <name>FileBubble</name>
    <message>
        <source>Save as…</source>
        <translation>Salvar como…</translation>
    </message>
    <message>
        <source>{extension} picture</source>
        <translation>Imagem {extension}</translation>
    </message>
    <message>
        <source>{extension} file</source>
        <translation>Arquivo {extension}</translation>
    </message>
    <message>
        <source>Picture (shown in the agent desk)</source>
        <translation>Imagem (exibida no painel do agente)</translation>
    </message>
    <message>
        <source>Loading the picture…</source>
        <translation>Carregando a imagem…</translation>
    </message>
    <message>
        <source>No preview: save it to see it</source>
        <translation>Sem pré-visualização: salve para ver</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>ARQ</translation>
    </message>
</context>
<context>
    <name>FileChooser</name>
    <message>
        <source>Attach…</source>
        <translation>Anexar…</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Anexar um arquivo</translation>
    </message>
    <message>
        <source>Send files to the visitor</source>
        <translation>Enviar arquivos ao visitante</translation>
    </message>
    <message>
        <source>Send a file to the visitor (or drop files on the conversation)</source>
        <translation>Enviar um arquivo ao visitante (ou solte arquivos na conversa)</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>Sending files is turned off here.</source>
        <translation>O envio de arquivos está desativado aqui.</translation>
    </message>
    <message>
        <source>The file is larger than {limit}, the most this desk accepts.</source>
        <translation>O arquivo é maior que {limit}, o máximo aceito aqui.</translation>
    </message>
    <message>
        <source>Files of this type ({media_type}) are not accepted here.</source>
        <translation>Arquivos deste tipo ({media_type}) não são aceitos aqui.</translation>
    </message>
    <message>
        <source>This file is no longer on this computer.</source>
        <translation>Este arquivo não está mais neste computador.</translation>
    </message>
    <message>
        <source>Files cannot be kept in {folder}: {reason}.</source>
        <translation>Não é possível guardar arquivos em {folder}: {reason}.</translation>
    </message>
    <message>
        <source>{name} cannot be opened: {reason}.</source>
        <translation>Não é possível abrir {name}: {reason}.</translation>
    </message>
    <message>
        <source>Could not save to {path}: the folder does not exist.</source>
        <translation>Não foi possível salvar em {path}: a pasta não existe.</translation>
    </message>
    <message>
        <source>Could not save to {path}: {reason}.</source>
        <translation>Não foi possível salvar em {path}: {reason}.</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>nobody</source>
        <translation>ninguém</translation>
    </message>
    <message>
        <source>the public queue</source>
        <translation>a fila pública</translation>
    </message>
    <message>
        <source>another department</source>
        <translation>outro departamento</translation>
    </message>
    <message>
        <source>next in turn</source>
        <translation>o próximo da vez</translation>
    </message>
    <message>
        <source>who had the fewest open chats</source>
        <translation>quem tinha menos conversas abertas</translation>
    </message>
    <message>
        <source>who had waited longest for a chat</source>
        <translation>quem esperava havia mais tempo por uma conversa</translation>
    </message>
    <message>
        <source>who has the skills the chat needs</source>
        <translation>quem tem as habilidades de que a conversa precisa</translation>
    </message>
    <message>
        <source>the first agent free</source>
        <translation>o primeiro agente livre</translation>
    </message>
    <message>
        <source>The visitor was silent for {wait}, so the chat was closed.</source>
        <translation>O visitante ficou em silêncio por {wait}, então a conversa foi encerrada.</translation>
    </message>
    <message>
        <source>Nobody took the chat within {wait}, so it was closed.</source>
        <translation>Ninguém assumiu a conversa em {wait}, então ela foi encerrada.</translation>
    </message>
    <message>
        <source>The chat was closed.</source>
        <translation>A conversa foi encerrada.</translation>
    </message>
    <message>
        <source>{said}: {comment}</source>
        <translation>{said}: {comment}</translation>
    </message>
    <message>
        <source>{said}.</source>
        <translation>{said}.</translation>
    </message>
    <message>
        <source>Routed to {agent}, {how}.</source>
        <translation>Roteada para {agent}, {how}.</translation>
    </message>
    <message>
        <source>{agent} joined the chat.</source>
        <translation>{agent} entrou na conversa.</translation>
    </message>
    <message>
        <source>{actor} assigned the chat to {agent}.</source>
        <translation>{actor} atribuiu a conversa a {agent}.</translation>
    </message>
    <message>
        <source>{agent} did not answer within {wait}, so routing gave the chat to {other}.</source>
        <translation>{agent} não respondeu em {wait}, então o roteamento passou a conversa para {other}.</translation>
    </message>
    <message>
        <source>{actor} took the chat over from {agent}</source>
        <translation>{actor} assumiu a conversa de {agent}</translation>
    </message>
    <message>
        <source>{actor} transferred the chat to {agent} in {department}</source>
        <translation>{actor} transferiu a conversa para {agent} em {department}</translation>
    </message>
    <message>
        <source>{actor} transferred the chat to {agent}</source>
        <translation>{actor} transferiu a conversa para {agent}</translation>
    </message>
    <message>
        <source>{agent} did not answer within {wait}, so the chat went back to {where}.</source>
        <translation>{agent} não respondeu em {wait}, então a conversa voltou para {where}.</translation>
    </message>
    <message>
        <source>Routing returned the chat to {where}.</source>
        <translation>O roteamento devolveu a conversa para {where}.</translation>
    </message>
    <message>
        <source>{actor} returned the chat to {where}</source>
        <translation>{actor} devolveu a conversa para {where}</translation>
    </message>
    <message>
        <source>{actor} closed the chat</source>
        <translation>{actor} encerrou a conversa</translation>
    </message>
    <message>
        <source>{actor} put the chat on hold.</source>
        <translation>{actor} colocou a conversa em espera.</translation>
    </message>
    <message>
        <source>{actor} resumed the chat.</source>
        <translation>{actor} retomou a conversa.</translation>
    </message>
    <message>
        <source>The visitor has been silent for {wait}, so the chat is on hold.</source>
        <translation>O visitante está em silêncio há {wait}, então a conversa está em espera.</translation>
    </message>
    <message>
        <source>Nobody was online in {department}, so the chat waits for {fallback} instead.</source>
        <translation>Ninguém estava online em {department}, então a conversa aguarda por {fallback}.</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>open</source>
        <translation>aberta</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>em espera</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>na fila</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Now · {status}</source>
        <translation>Agora · {status}</translation>
    </message>
    <message>
        <source>Tags: {tags}</source>
        <translation>Tags: {tags}</translation>
    </message>
</context>
<context>
    <name>IntEditor</name>
    <message>
        <source>Organisation&apos;s default</source>
        <translation>Padrão da organização</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Sem limite</translation>
    </message>
</context>
<context>
    <name>IntervalsEditor</name>
    <message>
        <source>Add opening hours</source>
        <translation>Adicionar horário</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Dia</translation>
    </message>
    <message>
        <source>Opens at</source>
        <translation>Abre às</translation>
    </message>
    <message>
        <source>Closes at</source>
        <translation>Fecha às</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidade</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Business hours</source>
        <translation>Horário de expediente</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>Roteamento</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridade</translation>
    </message>
    <message>
        <source>SLA policy</source>
        <translation>Política de SLA</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Canned response</source>
        <translation>Resposta modelo</translation>
    </message>
    <message>
        <source>Website chat</source>
        <translation>Chat do site</translation>
    </message>
    <message>
        <source>File uploads</source>
        <translation>Upload de arquivos</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>Sistema ({language})</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Omnidesk will speak {language} from the next sign-in: choose File → Sign out / Switch user, or start it again.</source>
        <translation>O Omnidesk falará {language} a partir da próxima entrada: escolha Arquivo → Sair / Trocar de usuário, ou inicie-o de novo.</translation>
    </message>
</context>
<context>
    <name>MonitorActions</name>
    <message>
        <source>Load the agents</source>
        <translation>Carregar os agentes</translation>
    </message>
    <message>
        <source>Transfer the chat</source>
        <translation>Transferir a conversa</translation>
    </message>
    <message>
        <source>Take over the chat</source>
        <translation>Assumir a conversa</translation>
    </message>
    <message>
        <source>You took over the chat with {visitor_name}.</source>
        <translation>Você assumiu a conversa com {visitor_name}.</translation>
    </message>
    <message>
        <source>Close the chat</source>
        <translation>Encerrar a conversa</translation>
    </message>
    <message>
        <source>The chat with {visitor_name} is closed.</source>
        <translation>A conversa com {visitor_name} foi encerrada.</translation>
    </message>
    <message>
        <source>Put the chat on hold</source>
        <translation>Colocar a conversa em espera</translation>
    </message>
    <message>
        <source>The chat with {visitor_name} is on hold.</source>
        <translation>A conversa com {visitor_name} está em espera.</translation>
    </message>
    <message>
        <source>Resume the chat</source>
        <translation>Retomar a conversa</translation>
    </message>
    <message>
        <source>The chat with {visitor_name} is open again.</source>
        <translation>A conversa com {visitor_name} está aberta de novo.</translation>
    </message>
    <message>
        <source>Assign the inquiry</source>
        <translation>Atribuir a solicitação</translation>
    </message>
    <message>
        <source>The chat with {visitor} is now {agent}&apos;s.</source>
        <translation>A conversa com {visitor} agora é de {agent}.</translation>
    </message>
    <message>
        <source>an agent</source>
        <translation>um agente</translation>
    </message>
</context>
<context>
    <name>MonitorWindow</name>
    <message>
        <source>Omnidesk — Monitor dashboard — {name}</source>
        <translation>Omnidesk — Painel do monitor — {name}</translation>
    </message>
    <message>
        <source>Chats in progress</source>
        <translation>Conversas em andamento</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Aguardando</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Filas</translation>
    </message>
    <message>
        <source>The figures update when the connection is back.</source>
        <translation>Os números são atualizados quando a conexão voltar.</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agentes</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidade</translation>
    </message>
    <message>
        <source>  {name} · watching  </source>
        <translation>  {name} · acompanhando  </translation>
    </message>
    <message>
        <source>Load the dashboard</source>
        <translation>Carregar o painel</translation>
    </message>
    <message>
        <source>Monitor dashboard</source>
        <translation>Painel do monitor</translation>
    </message>
    <message>
        <source>You look after no unit yet: an admin adds monitors to units.</source>
        <translation>Você ainda não acompanha nenhuma unidade: um administrador adiciona monitores às unidades.</translation>
    </message>
    <message>
        <source>  {name}  </source>
        <translation>  {name}  </translation>
    </message>
    <message>
        <source>Chats in progress ({rowCount})</source>
        <translation>Conversas em andamento ({rowCount})</translation>
    </message>
    <message>
        <source>Waiting ({waiting})</source>
        <translation>Aguardando ({waiting})</translation>
    </message>
    <message>
        <source>Refresh the unit&apos;s figures</source>
        <translation>Atualizar os números da unidade</translation>
    </message>
    <message>
        <source>Load the day&apos;s figures</source>
        <translation>Carregar os números do dia</translation>
    </message>
    <message>
        <source>Show {name}</source>
        <translation>Mostrar {name}</translation>
    </message>
    <message>
        <source>Reload the dashboard</source>
        <translation>Recarregar o painel</translation>
    </message>
</context>
<context>
    <name>NameDelegate</name>
    <message>
        <source>unknown</source>
        <translation>desconhecido</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>{channel} · {text}</source>
        <translation>{channel} · {text}</translation>
    </message>
    <message>
        <source>Due in {minutes} min.</source>
        <translation>Vence em {minutes} min.</translation>
    </message>
    <message>
        <source>Due in less than a minute.</source>
        <translation>Vence em menos de um minuto.</translation>
    </message>
    <message>
        <source>SLA almost over: {visitor}</source>
        <translation>SLA quase vencendo: {visitor}</translation>
    </message>
    <message>
        <source>{due} {preview}</source>
        <translation>{due} {preview}</translation>
    </message>
    <message>
        <source>Still waiting ({minutes} min): {visitor}</source>
        <translation>Ainda aguardando ({minutes} min): {visitor}</translation>
    </message>
    <message>
        <source>New chat in the queue: {visitor}</source>
        <translation>Nova conversa na fila: {visitor}</translation>
    </message>
    <message>
        <source>Transferred to you: {visitor}</source>
        <translation>Transferida para você: {visitor}</translation>
    </message>
    <message>
        <source>New chat for you: {visitor}</source>
        <translation>Nova conversa para você: {visitor}</translation>
    </message>
    <message>
        <source>{author} wrote</source>
        <translation>{author} escreveu</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>{count} things need you</source>
        <translation>{count} coisas precisam de você</translation>
    </message>
    <message>
        <source>Omnidesk · {count} waiting for you</source>
        <translation>Omnidesk · {count} aguardando você</translation>
    </message>
    <message>
        <source>Omnidesk</source>
        <translation>Omnidesk</translation>
    </message>
    <message>
        <source>Show Omnidesk</source>
        <translation>Mostrar o Omnidesk</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Não perturbe</translation>
    </message>
</context>
<context>
    <name>PendingModel</name>
    <message>
        <source>Change</source>
        <translation>Alteração</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>waiting (offline)</source>
        <translation>aguardando (offline)</translation>
    </message>
    <message>
        <source>rejected: {problem}</source>
        <translation>rejeitada: {problem}</translation>
    </message>
    <message>
        <source>Someone changed this meanwhile: open it to choose, field by field.</source>
        <translation>Alguém alterou isto nesse meio-tempo: abra para escolher, campo a campo.</translation>
    </message>
</context>
<context>
    <name>PendingPanel</name>
    <message>
        <source>Pending changes</source>
        <translation>Alterações pendentes</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Desfazer</translation>
    </message>
    <message>
        <source>Drop the chosen change (it was never published)</source>
        <translation>Descartar a alteração escolhida (ela nunca foi publicada)</translation>
    </message>
    <message>
        <source>Resolve conflict…</source>
        <translation>Resolver conflito…</translation>
    </message>
    <message>
        <source>Compare with today&apos;s traffic…</source>
        <translation>Comparar com o movimento de hoje…</translation>
    </message>
    <message>
        <source>Replay today&apos;s chats with these changes, beside what happened</source>
        <translation>Reproduzir as conversas de hoje com estas alterações, ao lado do que aconteceu</translation>
    </message>
    <message>
        <source>Publish all</source>
        <translation>Publicar tudo</translation>
    </message>
    <message>
        <source>No pending changes: what you save here waits until you publish it.</source>
        <translation>Nenhuma alteração pendente: o que você salvar aqui aguarda até você publicar.</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>Admin</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>Monitor</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>Omnidesk — who are you?</source>
        <translation>Omnidesk — quem é você?</translation>
    </message>
    <message>
        <source>People of the organisation</source>
        <translation>Pessoas da organização</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>{organisation} · embedded desk on this computer</source>
        <translation>{organisation} · central local neste computador</translation>
    </message>
    <message>
        <source>Sign in as:</source>
        <translation>Entrar como:</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <source>You may not change {plural}: ask an admin.</source>
        <translation>Você não pode alterar {plural}: peça a um administrador.</translation>
    </message>
    <message>
        <source>Only an admin can make someone a monitor or stop them being one.</source>
        <translation>Só um administrador pode tornar alguém monitor ou deixar de sê-lo.</translation>
    </message>
    <message>
        <source>Only an admin can add agents to the organisation.</source>
        <translation>Só um administrador pode adicionar agentes à organização.</translation>
    </message>
    <message>
        <source>You may change only the departments of the units you oversee.</source>
        <translation>Você só pode alterar os departamentos das unidades que supervisiona.</translation>
    </message>
    <message>
        <source>You may change only agents who serve in your units&apos; departments alone.</source>
        <translation>Você só pode alterar agentes que atendem apenas nos departamentos das suas unidades.</translation>
    </message>
    <message>
        <source>You may move agents only into and out of your units&apos; departments.</source>
        <translation>Você só pode mover agentes para dentro e para fora dos departamentos das suas unidades.</translation>
    </message>
    <message>
        <source>You may change only business hours that serve your units&apos; departments alone.</source>
        <translation>Você só pode alterar horários de expediente que atendem apenas os departamentos das suas unidades.</translation>
    </message>
    <message>
        <source>Only an admin can change the canned responses shared with everyone.</source>
        <translation>Só um administrador pode alterar as respostas modelo compartilhadas com todos.</translation>
    </message>
    <message>
        <source>You may change only the canned responses of your units&apos; departments.</source>
        <translation>Você só pode alterar as respostas modelo dos departamentos das suas unidades.</translation>
    </message>
    <message>
        <source>You may not look up contacts: that needs the &apos;view-livechat-contact&apos; permission (ask an admin).</source>
        <translation>Você não pode consultar contatos: isso exige a permissão &apos;view-livechat-contact&apos; (peça a um administrador).</translation>
    </message>
    <message>
        <source>You may not create contacts: that needs the &apos;create-livechat-contact&apos; permission (ask an admin).</source>
        <translation>Você não pode criar contatos: isso exige a permissão &apos;create-livechat-contact&apos; (peça a um administrador).</translation>
    </message>
    <message>
        <source>You may not change contacts: that needs the &apos;update-livechat-contact&apos; permission (ask an admin).</source>
        <translation>Você não pode alterar contatos: isso exige a permissão &apos;update-livechat-contact&apos; (peça a um administrador).</translation>
    </message>
    <message>
        <source>You cannot see this contact: none of its chats is yours, in your queue or in a unit you look after.</source>
        <translation>Você não pode ver este contato: nenhuma das conversas dele é sua, está na sua fila ou numa unidade que você acompanha.</translation>
    </message>
    <message>
        <source>You may not read contacts&apos; past conversations: that needs the &apos;view-livechat-contact-history&apos; permission (ask an admin).</source>
        <translation>Você não pode ler as conversas anteriores dos contatos: isso exige a permissão &apos;view-livechat-contact-history&apos; (peça a um administrador).</translation>
    </message>
    <message>
        <source>Only the agent serving this chat, a monitor of its unit or an admin can close it.</source>
        <translation>Só o agente que atende esta conversa, um monitor da unidade ou um administrador pode encerrá-la.</translation>
    </message>
    <message>
        <source>Only the agent serving this chat, a monitor of its unit or an admin can put it on hold.</source>
        <translation>Só o agente que atende esta conversa, um monitor da unidade ou um administrador pode colocá-la em espera.</translation>
    </message>
    <message>
        <source>Only the agent serving this chat, a monitor of its unit or an admin can resume it.</source>
        <translation>Só o agente que atende esta conversa, um monitor da unidade ou um administrador pode retomá-la.</translation>
    </message>
    <message>
        <source>You may not transfer this chat: transferring needs the &apos;transfer-livechat-guest&apos; permission (ask an admin) and a chat you serve or supervise.</source>
        <translation>Você não pode transferir esta conversa: transferir exige a permissão &apos;transfer-livechat-guest&apos; (peça a um administrador) e uma conversa que você atenda ou supervisione.</translation>
    </message>
    <message>
        <source>Only the agent serving this chat or a monitor of its unit can change its information.</source>
        <translation>Só o agente que atende esta conversa ou um monitor da unidade pode alterar as informações dela.</translation>
    </message>
    <message>
        <source>Only the agent serving this chat, a monitor of its unit or an admin can verify its visitor, and only with the &apos;update-livechat-contact&apos; permission.</source>
        <translation>Só o agente que atende esta conversa, um monitor da unidade ou um administrador pode verificar o visitante, e só com a permissão &apos;update-livechat-contact&apos;.</translation>
    </message>
    <message>
        <source>Only the agent serving this chat, a monitor of its unit or an admin can write a note in it.</source>
        <translation>Só o agente que atende esta conversa, um monitor da unidade ou um administrador pode escrever uma nota nela.</translation>
    </message>
    <message>
        <source>You cannot see this chat: it is not yours, and not waiting in a queue or a unit you look after.</source>
        <translation>Você não pode ver esta conversa: ela não é sua e não está aguardando numa fila ou unidade que você acompanha.</translation>
    </message>
    <message>
        <source>Only a monitor of this inquiry&apos;s unit or an admin can give it to an agent.</source>
        <translation>Só um monitor da unidade desta solicitação ou um administrador pode entregá-la a um agente.</translation>
    </message>
    <message>
        <source>Only the agent serving this chat can write in it.</source>
        <translation>Só o agente que atende esta conversa pode escrever nela.</translation>
    </message>
    <message>
        <source>Only agents can take chats; you are signed in as an admin.</source>
        <translation>Só agentes podem assumir conversas; você entrou como administrador.</translation>
    </message>
    <message>
        <source>Only agents can take chats; you are signed in as a monitor.</source>
        <translation>Só agentes podem assumir conversas; você entrou como monitor.</translation>
    </message>
    <message>
        <source>This inquiry is for a department you do not work in.</source>
        <translation>Esta solicitação é de um departamento em que você não trabalha.</translation>
    </message>
    <message>
        <source>This inquiry is no longer in the queue: someone else has taken it or it closed.</source>
        <translation>Esta solicitação não está mais na fila: outra pessoa a assumiu ou ela foi encerrada.</translation>
    </message>
    <message>
        <source>This chat is closed.</source>
        <translation>Esta conversa está encerrada.</translation>
    </message>
    <message>
        <source>This chat is still waiting in the queue; take it first.</source>
        <translation>Esta conversa ainda aguarda na fila; assuma-a primeiro.</translation>
    </message>
    <message>
        <source>This chat is on hold: resume it first.</source>
        <translation>Esta conversa está em espera: retome-a primeiro.</translation>
    </message>
    <message>
        <source>This chat is not on hold.</source>
        <translation>Esta conversa não está em espera.</translation>
    </message>
    <message>
        <source>Only agents can do this; you are signed in as an admin.</source>
        <translation>Só agentes podem fazer isto; você entrou como administrador.</translation>
    </message>
    <message>
        <source>Only agents can do this; you are signed in as a monitor.</source>
        <translation>Só agentes podem fazer isto; você entrou como monitor.</translation>
    </message>
    <message>
        <source>You do not look after this unit: only its monitors and admins can see it or act in it.</source>
        <translation>Você não acompanha esta unidade: só os monitores dela e os administradores podem vê-la ou agir nela.</translation>
    </message>
    <message>
        <source>{name} is not an agent: only agents can serve chats.</source>
        <translation>{name} não é agente: só agentes podem atender conversas.</translation>
    </message>
    <message>
        <source>{name} may not serve chats: they do not hold the &apos;view-l-room&apos; permission (ask an admin).</source>
        <translation>{name} não pode atender conversas: não tem a permissão &apos;view-l-room&apos; (peça a um administrador).</translation>
    </message>
</context>
<context>
    <name>PresenceButton</name>
    <message>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>◐ Away</source>
        <translation>◐ Ausente</translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Seu status</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Ausente</translation>
    </message>
    <message>
        <source>Away: you keep your chats; new ones reach you only if your organisation routes to away agents</source>
        <translation>Ausente: você mantém suas conversas; novas só chegam se sua organização rotear para agentes ausentes</translation>
    </message>
    <message>
        <source>Set yourself away when you step out</source>
        <translation>Fique ausente quando se afastar</translation>
    </message>
</context>
<context>
    <name>PreviewCache</name>
    <message>
        <source>Show a picture</source>
        <translation>Mostrar uma imagem</translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <source>Highest</source>
        <translation>Máxima</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Média</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Baixa</translation>
    </message>
    <message>
        <source>Lowest</source>
        <translation>Mínima</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Visitor</source>
        <translation>Visitante</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Aguardando</translation>
    </message>
    <message>
        <source>In line</source>
        <translation>Posição</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridade</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>Any (public)</source>
        <translation>Qualquer (pública)</translation>
    </message>
    <message>
        <source>priority {priority}</source>
        <translation>prioridade {priority}</translation>
    </message>
    <message>
        <source>In line for {department}</source>
        <translation>Na fila de {department}</translation>
    </message>
    <message>
        <source>{line}: number {place}. Nobody is online to serve it, so no estimate.</source>
        <translation>{line}: posição {place}. Ninguém está online para atender, então não há estimativa.</translation>
    </message>
    <message>
        <source>{line}: number {place}, about {estimate} still to wait.</source>
        <translation>{line}: posição {place}, ainda cerca de {estimate} de espera.</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Take the selected inquiry (or double-click it)</source>
        <translation>Assumir a solicitação selecionada (ou clique duas vezes nela)</translation>
    </message>
    <message>
        <source>You are Not available: switch to Available to take chats.</source>
        <translation>Você está Indisponível: mude para Disponível para assumir conversas.</translation>
    </message>
    <message>
        <source>Filter the queue</source>
        <translation>Filtrar a fila</translation>
    </message>
    <message>
        <source>Filter by visitor, message or department</source>
        <translation>Filtrar por visitante, mensagem ou departamento</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Fila</translation>
    </message>
    <message>
        <source>Visitors waiting, longest waiting first</source>
        <translation>Visitantes aguardando, quem espera há mais tempo primeiro</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Assumir</translation>
    </message>
    <message>
        <source>Queue · {count} waiting</source>
        <translation>Fila · {count} aguardando</translation>
    </message>
    <message>
        <source>Queue · nobody waiting</source>
        <translation>Fila · ninguém aguardando</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Record the change as pending; Publish sends it</source>
        <translation>Registrar a alteração como pendente; Publicar a envia</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Reverter</translation>
    </message>
    <message>
        <source>Discard what you changed in this form</source>
        <translation>Descartar o que você alterou neste formulário</translation>
    </message>
    <message>
        <source>Choose a record to edit.</source>
        <translation>Escolha um registro para editar.</translation>
    </message>
    <message>
        <source>New: {kind}</source>
        <translation>Novo registro: {kind}</translation>
    </message>
</context>
<context>
    <name>RecordsModel</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>● pending</source>
        <translation>● pendente</translation>
    </message>
    <message>
        <source>Edited here; not yet published.</source>
        <translation>Editado aqui; ainda não publicado.</translation>
    </message>
</context>
<context>
    <name>RecordsPanel</name>
    <message>
        <source>Search by name</source>
        <translation>Pesquisar por nome</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Novo</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>Delete the chosen record (pending until you publish)</source>
        <translation>Excluir o registro escolhido (pendente até você publicar)</translation>
    </message>
</context>
<context>
    <name>RefListEditor</name>
    <message>
        <source>Move up</source>
        <translation>Mover para cima</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Mover para baixo</translation>
    </message>
    <message>
        <source>Moves the chosen entry; the order matters</source>
        <translation>Move a entrada escolhida; a ordem importa</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>This reply is {count} characters long; a reply in progress is kept up to {limit}. Shorten it.</source>
        <translation>Esta resposta tem {count} caracteres; uma resposta em andamento é guardada até {limit}. Encurte-a.</translation>
    </message>
    <message>
        <source>Only the agent serving an open chat keeps a reply in progress in it.</source>
        <translation>Só o agente que atende uma conversa aberta guarda uma resposta em andamento nela.</translation>
    </message>
    <message>
        <source>This inquiry is no longer in the queue: someone else has taken it or it closed.</source>
        <translation>Esta solicitação não está mais na fila: outra pessoa a assumiu ou ela foi encerrada.</translation>
    </message>
    <message>
        <source>This message carries no file.</source>
        <translation>Esta mensagem não tem arquivo.</translation>
    </message>
    <message>
        <source>This file is too large to show here; save it to open it.</source>
        <translation>Este arquivo é grande demais para ser exibido aqui; salve-o para abri-lo.</translation>
    </message>
    <message>
        <source>Choose an agent or a department to transfer to.</source>
        <translation>Escolha um agente ou um departamento para o qual transferir.</translation>
    </message>
    <message>
        <source>That department does not exist or is disabled.</source>
        <translation>Esse departamento não existe ou está desativado.</translation>
    </message>
    <message>
        <source>The chat is already served by that agent.</source>
        <translation>A conversa já é atendida por esse agente.</translation>
    </message>
    <message>
        <source>Sign out to go offline.</source>
        <translation>Saia para ficar offline.</translation>
    </message>
    <message>
        <source>You can change only your own canned responses; an admin manages the department ones.</source>
        <translation>Você só pode alterar as suas próprias respostas modelo; um administrador cuida das do departamento.</translation>
    </message>
    <message>
        <source>You can delete only your own canned responses.</source>
        <translation>Você só pode excluir as suas próprias respostas modelo.</translation>
    </message>
    <message>
        <source>This contact does not exist (any more).</source>
        <translation>Este contato não existe (mais).</translation>
    </message>
    <message>
        <source>You cannot see this contact: none of its chats is yours, in your queue or in a unit you look after.</source>
        <translation>Você não pode ver este contato: nenhuma das conversas dele é sua, está na sua fila ou numa unidade que você acompanha.</translation>
    </message>
    <message>
        <source>Verify a channel by an email or a phone number.</source>
        <translation>Verifique um canal por um e-mail ou um número de telefone.</translation>
    </message>
    <message>
        <source>Another contact holds {value} as a verified {field}, and you cannot see it: verifying would merge it into this one. Ask a monitor of its unit or an admin to verify this chat.</source>
        <translation>Outro contato tem {value} como {field} verificado, e você não pode vê-lo: verificar o mesclaria a este. Peça a um monitor da unidade dele ou a um administrador para verificar esta conversa.</translation>
    </message>
    <message>
        <source>This contact has no conflicting values for that field any more.</source>
        <translation>Este contato não tem mais valores em conflito para esse campo.</translation>
    </message>
    <message>
        <source>Choose one of the values shown.</source>
        <translation>Escolha um dos valores exibidos.</translation>
    </message>
    <message>
        <source>Someone changed this contact since you opened it (an edit, a verification or a merge). Nothing was saved: close this window and edit the contact again; what you typed is still here to copy.</source>
        <translation>Alguém alterou este contato depois que você o abriu (uma edição, uma verificação ou uma mesclagem). Nada foi salvo: feche esta janela e edite o contato de novo; o que você digitou continua aqui para copiar.</translation>
    </message>
    <message>
        <source>Choose the contacts to merge into this one.</source>
        <translation>Escolha os contatos a mesclar neste.</translation>
    </message>
    <message>
        <source>Only a contact that holds one of this contact&apos;s emails or phones as a verified channel can be merged into it.</source>
        <translation>Só um contato que tem um dos e-mails ou telefones deste contato como canal verificado pode ser mesclado a ele.</translation>
    </message>
    <message>
        <source>This unit does not exist (any more).</source>
        <translation>Esta unidade não existe (mais).</translation>
    </message>
    <message>
        <source>That agent does not exist.</source>
        <translation>Esse agente não existe.</translation>
    </message>
    <message>
        <source>{name} cannot take chats now ({reason}): choose an agent who is online and available.</source>
        <translation>{name} não pode assumir conversas agora ({reason}): escolha um agente online e disponível.</translation>
    </message>
    <message>
        <source>{reason}: only the department&apos;s agents can be given its chats.</source>
        <translation>{reason}: só os agentes do departamento podem receber as conversas dele.</translation>
    </message>
    <message>
        <source>{name} is at their chat limit ({reason}): choose another agent.</source>
        <translation>{name} está no limite de conversas ({reason}): escolha outro agente.</translation>
    </message>
    <message>
        <source>A visitor token is 1 to 256 visible characters (letters, digits, punctuation), without spaces.</source>
        <translation>Um token de visitante tem de 1 a 256 caracteres visíveis (letras, dígitos, pontuação), sem espaços.</translation>
    </message>
    <message>
        <source>A message id is 1 to 64 letters, digits, - or _.</source>
        <translation>Um id de mensagem tem de 1 a 64 letras, dígitos, - ou _.</translation>
    </message>
    <message>
        <source>That email address does not look right.</source>
        <translation>Esse endereço de e-mail não parece correto.</translation>
    </message>
    <message>
        <source>That department does not exist.</source>
        <translation>Esse departamento não existe.</translation>
    </message>
    <message>
        <source>This file is not yours.</source>
        <translation>Este arquivo não é seu.</translation>
    </message>
    <message>
        <source>This chat is closed; start a new one.</source>
        <translation>Esta conversa está encerrada; comece uma nova.</translation>
    </message>
    <message>
        <source>This message was already sent.</source>
        <translation>Esta mensagem já foi enviada.</translation>
    </message>
    <message>
        <source>Nobody can take this chat now: no agent is online and the waiting queue is off.</source>
        <translation>Ninguém pode assumir esta conversa agora: nenhum agente está online e a fila de espera está desligada.</translation>
    </message>
    <message>
        <source>Unknown visitor: register first.</source>
        <translation>Visitante desconhecido: registre-se primeiro.</translation>
    </message>
    <message>
        <source>This chat is not yours.</source>
        <translation>Esta conversa não é sua.</translation>
    </message>
    <message>
        <source>{name} is at the chat limit ({reason}). Close a chat or put one on hold first.</source>
        <translation>{name} está no limite de conversas ({reason}). Encerre uma conversa ou coloque uma em espera primeiro.</translation>
    </message>
    <message>
        <source>{name} is not available to take chats. Switch to Available to take chats.</source>
        <translation>{name} não está disponível para assumir conversas. Mude para Disponível para assumir conversas.</translation>
    </message>
    <message>
        <source>{name} is not online and available to take chats: choose an agent who is.</source>
        <translation>{name} não está online e disponível para assumir conversas: escolha um agente que esteja.</translation>
    </message>
    <message>
        <source>{reason}: choose one of the department&apos;s agents.</source>
        <translation>{reason}: escolha um dos agentes do departamento.</translation>
    </message>
    <message>
        <source>The chat is already served by {name}.</source>
        <translation>A conversa já é atendida por {name}.</translation>
    </message>
    <message>
        <source>Business hours are closed for {name}&apos;s departments: you can become available when they open.</source>
        <translation>O horário de expediente dos departamentos de {name} está fechado: você poderá ficar disponível quando abrir.</translation>
    </message>
    <message>
        <source>This chat is no longer open.</source>
        <translation>Esta conversa não está mais aberta.</translation>
    </message>
    <message>
        <source>This chat is on hold: resume it first.</source>
        <translation>Esta conversa está em espera: retome-a primeiro.</translation>
    </message>
    <message>
        <source>This transfer is not allowed: {reason}.</source>
        <translation>Esta transferência não é permitida: {reason}.</translation>
    </message>
    <message>
        <source>The transfer failed: {reason}.</source>
        <translation>A transferência falhou: {reason}.</translation>
    </message>
    <message>
        <source>Nobody is online to take it: {reason}.</source>
        <translation>Ninguém está online para assumi-la: {reason}.</translation>
    </message>
    <message>
        <source>{reason}.</source>
        <translation>{reason}.</translation>
    </message>
    <message>
        <source>Only admins can read who changed the configuration.</source>
        <translation>Só administradores podem ver quem alterou a configuração.</translation>
    </message>
    <message>
        <source>Only an admin can try configuration changes on a day&apos;s traffic; you are signed in as a monitor.</source>
        <translation>Só um administrador pode testar alterações de configuração no movimento de um dia; você entrou como monitor.</translation>
    </message>
    <message>
        <source>Only an admin can try configuration changes on a day&apos;s traffic; you are signed in as an agent.</source>
        <translation>Só um administrador pode testar alterações de configuração no movimento de um dia; você entrou como agente.</translation>
    </message>
    <message>
        <source>taking the chat</source>
        <translation>assumir a conversa</translation>
    </message>
    <message>
        <source>closing the chat</source>
        <translation>encerrar a conversa</translation>
    </message>
    <message>
        <source>transferring the chat</source>
        <translation>transferir a conversa</translation>
    </message>
    <message>
        <source>putting chats on hold</source>
        <translation>colocar conversas em espera</translation>
    </message>
    <message>
        <source>resuming chats on hold</source>
        <translation>retomar conversas em espera</translation>
    </message>
    <message>
        <source>saving the chat&apos;s details</source>
        <translation>salvar os detalhes da conversa</translation>
    </message>
    <message>
        <source>changing your availability</source>
        <translation>mudar sua disponibilidade</translation>
    </message>
    <message>
        <source>changing your status</source>
        <translation>mudar seu status</translation>
    </message>
    <message>
        <source>The server&apos;s answer to {what} was not understood; it may or may not be done.</source>
        <translation>A resposta do servidor ao pedido para {what} não foi entendida; pode ter sido feito ou não.</translation>
    </message>
    <message>
        <source>This chat is already on hold.</source>
        <translation>Esta conversa já está em espera.</translation>
    </message>
    <message>
        <source>This chat is not on hold.</source>
        <translation>Esta conversa não está em espera.</translation>
    </message>
    <message>
        <source>The visitor wrote last: answer them before putting the chat on hold.</source>
        <translation>O visitante escreveu por último: responda antes de colocar a conversa em espera.</translation>
    </message>
    <message>
        <source>Only a chat an agent serves can be put on hold.</source>
        <translation>Só uma conversa atendida por um agente pode ser colocada em espera.</translation>
    </message>
    <message>
        <source>The server sees you offline: wait until you are connected again.</source>
        <translation>O servidor vê você offline: aguarde até estar conectado novamente.</translation>
    </message>
    <message>
        <source>{name} is at the chat limit. Close a chat or put one on hold first.</source>
        <translation>{name} está no limite de conversas. Encerre uma conversa ou coloque uma em espera primeiro.</translation>
    </message>
    <message>
        <source>{name} is not in {department}: choose one of the department&apos;s agents.</source>
        <translation>{name} não está em {department}: escolha um dos agentes do departamento.</translation>
    </message>
    <message>
        <source>The chat is already in {department}.</source>
        <translation>A conversa já está em {department}.</translation>
    </message>
    <message>
        <source>The transfer failed: nobody there could take the chat.</source>
        <translation>A transferência falhou: ninguém lá pôde assumir a conversa.</translation>
    </message>
    <message>
        <source>Nobody is online to take it in {department}.</source>
        <translation>Ninguém está online para assumi-la em {department}.</translation>
    </message>
    <message>
        <source>The server does not offer {what}: it needs Rocket.Chat Enterprise.</source>
        <translation>O servidor não permite {what}: isso requer o Rocket.Chat Enterprise.</translation>
    </message>
    <message>
        <source>The server does not let you transfer chats (you lack the permission &apos;transfer-livechat-guest&apos;): ask an administrator.</source>
        <translation>O servidor não permite que você transfira conversas (falta a permissão &apos;transfer-livechat-guest&apos;): peça a um administrador.</translation>
    </message>
    <message>
        <source>That agent</source>
        <translation>Esse agente</translation>
    </message>
    <message>
        <source>that department</source>
        <translation>esse departamento</translation>
    </message>
    <message>
        <source>The server does not allow you {what}.</source>
        <translation>O servidor não lhe permite {what}.</translation>
    </message>
    <message>
        <source>The server no longer has what {what} needs: it may have been closed or removed.</source>
        <translation>O servidor não tem mais o que é preciso para {what}: pode ter sido encerrado ou removido.</translation>
    </message>
    <message>
        <source>The server did not accept {what}: {reason}</source>
        <translation>O servidor não aceitou o pedido para {what}: {reason}</translation>
    </message>
</context>
<context>
    <name>SavedServersModel</name>
    <message>
        <source>{username} on {server}</source>
        <translation>{username} em {server}</translation>
    </message>
    <message>
        <source>signed in</source>
        <translation>sessão guardada</translation>
    </message>
    <message>
        <source>A sign-in is kept for {server} in this computer&apos;s keyring: no password is needed until the server ends it.</source>
        <translation>Uma sessão de {server} está guardada no chaveiro deste computador: não é preciso senha até o servidor encerrá-la.</translation>
    </message>
</context>
<context>
    <name>ServerSignInDialog</name>
    <message>
        <source>Omnidesk — sign in to a server</source>
        <translation>Omnidesk — entrar em um servidor</translation>
    </message>
    <message>
        <source>Saved servers</source>
        <translation>Servidores salvos</translation>
    </message>
    <message>
        <source>Add server</source>
        <translation>Adicionar servidor</translation>
    </message>
    <message>
        <source>Sign in to a server not in the list</source>
        <translation>Entrar em um servidor que não está na lista</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Esquecer</translation>
    </message>
    <message>
        <source>Remove the chosen server and its kept sign-in from this computer</source>
        <translation>Remover deste computador o servidor escolhido e a sessão guardada dele</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>Sign in to your Rocket.Chat server</source>
        <translation>Entre no seu servidor Rocket.Chat</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Endereço do servidor</translation>
    </message>
    <message>
        <source>The server&apos;s https:// address, as your administrator gave it</source>
        <translation>O endereço https:// do servidor, como o seu administrador informou</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nome de usuário</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Senha</translation>
    </message>
    <message>
        <source>A sign-in is kept for this server: leave the password empty, it is needed only if the server has ended it.</source>
        <translation>Há uma sessão guardada para este servidor: deixe a senha em branco; ela só é necessária se o servidor tiver encerrado a sessão.</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Two-step verification</source>
        <translation>Verificação em duas etapas</translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation>Código de verificação</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Read the saved servers</source>
        <translation>Ler os servidores salvos</translation>
    </message>
    <message>
        <source>Forget the server</source>
        <translation>Esquecer o servidor</translation>
    </message>
    <message>
        <source>{username} on {server} is forgotten: this computer keeps no sign-in for it any more.</source>
        <translation>{username} em {server} foi esquecido: este computador não guarda mais nenhuma sessão dele.</translation>
    </message>
    <message>
        <source>Enter your username on {server}.</source>
        <translation>Digite seu nome de usuário em {server}.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Digite sua senha.</translation>
    </message>
    <message>
        <source>{server} did not accept this username and password. Check them (the password is case-sensitive) and try again.</source>
        <translation>{server} não aceitou este nome de usuário e esta senha. Confira-os (a senha diferencia maiúsculas de minúsculas) e tente de novo.</translation>
    </message>
    <message>
        <source>The sign-in kept for {server} has ended. Enter your password to sign in again.</source>
        <translation>A sessão guardada para {server} terminou. Digite sua senha para entrar de novo.</translation>
    </message>
    <message>
        <source>Signing in was stopped. Nothing was changed.</source>
        <translation>A entrada foi interrompida. Nada foi alterado.</translation>
    </message>
    <message>
        <source>Not needed: a sign-in is kept</source>
        <translation>Não é preciso: há uma sessão guardada</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Enter the code from your authenticator app.</source>
        <translation>Digite o código do seu aplicativo autenticador.</translation>
    </message>
    <message>
        <source>Enter the code sent to your email.</source>
        <translation>Digite o código enviado para o seu e-mail.</translation>
    </message>
    <message>
        <source>Enter your password again to confirm it is you.</source>
        <translation>Digite sua senha de novo para confirmar que é você.</translation>
    </message>
    <message>
        <source>Enter the code the server asked for ({method}).</source>
        <translation>Digite o código que o servidor pediu ({method}).</translation>
    </message>
    <message>
        <source>That code was not accepted. Codes change every 30 seconds: enter the one your authenticator app shows now.</source>
        <translation>Esse código não foi aceito. Os códigos mudam a cada 30 segundos: digite o que o seu aplicativo autenticador mostra agora.</translation>
    </message>
    <message>
        <source>That code was not accepted. Check the latest email, or go back and sign in again for a new code.</source>
        <translation>Esse código não foi aceito. Confira o e-mail mais recente, ou volte e entre de novo para receber um código novo.</translation>
    </message>
    <message>
        <source>That password was not accepted. Check it and try again.</source>
        <translation>Essa senha não foi aceita. Confira-a e tente de novo.</translation>
    </message>
    <message>
        <source>That code was not accepted. Check it and try again.</source>
        <translation>Esse código não foi aceito. Confira-o e tente de novo.</translation>
    </message>
    <message>
        <source>Signing in to {server}…</source>
        <translation>Entrando em {server}…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Stop signing in</source>
        <translation>Interromper a entrada</translation>
    </message>
</context>
<context>
    <name>ServerWords</name>
    <message>
        <source>Enter the server&apos;s address, such as https://chat.example.com.</source>
        <translation>Digite o endereço do servidor, por exemplo https://chat.example.com.</translation>
    </message>
    <message>
        <source>Leave your name and password out of the address: Omnidesk asks for them next.</source>
        <translation>Deixe seu nome e sua senha fora do endereço: o Omnidesk pede por eles em seguida.</translation>
    </message>
    <message>
        <source>Omnidesk signs in to a server over HTTPS only: over plain HTTP your password and every chat would cross the network unencrypted. Use the server&apos;s https:// address (your administrator knows it).</source>
        <translation>O Omnidesk só entra em um servidor por HTTPS: por HTTP simples, sua senha e cada conversa passariam pela rede sem criptografia. Use o endereço https:// do servidor (o seu administrador sabe qual é).</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a server address. Enter one such as https://chat.example.com.</source>
        <translation>&apos;{text}&apos; não é um endereço de servidor. Digite um como https://chat.example.com.</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>Take the next inquiry in the queue</source>
        <translation>Assumir a próxima solicitação da fila</translation>
    </message>
    <message>
        <source>Next of my chats</source>
        <translation>Próxima das minhas conversas</translation>
    </message>
    <message>
        <source>Previous of my chats</source>
        <translation>Anterior das minhas conversas</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Enviar a mensagem</translation>
    </message>
    <message>
        <source>Insert a canned response (or type !shortcut, then Tab)</source>
        <translation>Inserir uma resposta modelo (ou digite !atalho e depois Tab)</translation>
    </message>
    <message>
        <source>Insert an emoji (or type :name:, or :name then Tab)</source>
        <translation>Inserir um emoji (ou digite :nome:, ou :nome e depois Tab)</translation>
    </message>
    <message>
        <source>Close the chat…</source>
        <translation>Encerrar a conversa…</translation>
    </message>
    <message>
        <source>Transfer the chat…</source>
        <translation>Transferir a conversa…</translation>
    </message>
    <message>
        <source>Put the chat on hold / resume it</source>
        <translation>Colocar a conversa em espera / retomá-la</translation>
    </message>
    <message>
        <source>Topic, tags and priority of the chat…</source>
        <translation>Assunto, tags e prioridade da conversa…</translation>
    </message>
    <message>
        <source>Search every conversation (↑ ↓ choose, Enter opens, Esc closes)</source>
        <translation>Pesquisar em todas as conversas (↑ ↓ escolhem, Enter abre, Esc fecha)</translation>
    </message>
    <message>
        <source>Search the contact&apos;s conversations</source>
        <translation>Pesquisar as conversas do contato</translation>
    </message>
    <message>
        <source>Focus the queue</source>
        <translation>Ir para a fila</translation>
    </message>
    <message>
        <source>Focus my chats</source>
        <translation>Ir para minhas conversas</translation>
    </message>
    <message>
        <source>Do not disturb on / off</source>
        <translation>Ligar / desligar o Não perturbe</translation>
    </message>
    <message>
        <source>Show these shortcuts</source>
        <translation>Mostrar estes atalhos</translation>
    </message>
    <message>
        <source>Quit Omnidesk (File menu)</source>
        <translation>Sair do Omnidesk (menu Arquivo)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
</context>
<context>
    <name>SkillsEditor</name>
    <message>
        <source>Add skill</source>
        <translation>Adicionar habilidade</translation>
    </message>
    <message>
        <source>Skill</source>
        <translation>Habilidade</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nível</translation>
    </message>
    <message>
        <source>From 1 to 5</source>
        <translation>De 1 a 5</translation>
    </message>
</context>
<context>
    <name>TagsField</name>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Separated by commas</source>
        <translation>Separadas por vírgulas</translation>
    </message>
    <message>
        <source>e.g. refund, shipping</source>
        <translation>ex.: reembolso, entrega</translation>
    </message>
    <message>
        <source>Tags: </source>
        <translation>Tags: </translation>
    </message>
    <message>
        <source>Not one of the organisation&apos;s tags: {tags}</source>
        <translation>Não está entre as tags da organização: {tags}</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>and {more} more</source>
        <translation>e mais {more}</translation>
    </message>
</context>
<context>
    <name>TranscriptPanel</name>
    <message>
        <source>open</source>
        <translation>aberta</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>em espera</translation>
    </message>
    <message>
        <source>waiting in the queue</source>
        <translation>aguardando na fila</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>encerrada</translation>
    </message>
    <message>
        <source>Close the transcript</source>
        <translation>Fechar a transcrição</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transferir…</translation>
    </message>
    <message>
        <source>Close chat…</source>
        <translation>Encerrar…</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Assumir</translation>
    </message>
    <message>
        <source>Assign to…</source>
        <translation>Atribuir a…</translation>
    </message>
    <message>
        <source>Put on hold</source>
        <translation>Pôr em espera</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcrição</translation>
    </message>
    <message>
        <source>The messages of the chat, oldest first</source>
        <translation>As mensagens da conversa, das mais antigas para as mais recentes</translation>
    </message>
    <message>
        <source>Write an internal note (the visitor never sees it)…</source>
        <translation>Escreva uma nota interna (o visitante nunca a vê)…</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>Nota interna</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Adicionar nota</translation>
    </message>
    <message>
        <source>No chat open</source>
        <translation>Nenhuma conversa aberta</translation>
    </message>
    <message>
        <source>Double-click a chat or a waiting inquiry to read it here.</source>
        <translation>Clique duas vezes numa conversa ou numa solicitação aguardando para lê-la aqui.</translation>
    </message>
    <message>
        <source>no department</source>
        <translation>sem departamento</translation>
    </message>
    <message>
        <source> · served by {served_by}</source>
        <translation> · atendida por {served_by}</translation>
    </message>
    <message>
        <source>tags: {tags}</source>
        <translation>tags: {tags}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Retomar</translation>
    </message>
    <message>
        <source>This chat has left your units: it can no longer be acted on here.</source>
        <translation>Esta conversa saiu das suas unidades: não é mais possível agir nela aqui.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer chat</source>
        <translation>Transferir conversa</translation>
    </message>
    <message>
        <source>To an agent</source>
        <translation>Para um agente</translation>
    </message>
    <message>
        <source>To a department (the chat goes back to its queue)</source>
        <translation>Para um departamento (a conversa volta para a fila dele)</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agentes</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>A note for whoever takes over (it stays in the chat&apos;s history)</source>
        <translation>Um recado para quem assumir (fica no histórico da conversa)</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transferir</translation>
    </message>
    <message>
        <source>Transfer the chat with {visitor_name}</source>
        <translation>Transferir a conversa com {visitor_name}</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentário</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>The message is empty: type something before sending.</source>
        <translation>A mensagem está vazia: digite algo antes de enviar.</translation>
    </message>
    <message>
        <source>The message is {length} characters long; the limit is {limit}. Shorten it or send it in parts.</source>
        <translation>A mensagem tem {length} caracteres; o limite é {limit}. Encurte-a ou envie em partes.</translation>
    </message>
    <message>
        <source>The caption is {length} characters long; the limit is {limit}.</source>
        <translation>A legenda tem {length} caracteres; o limite é {limit}.</translation>
    </message>
    <message>
        <source>A shortcut is 1 to 40 letters, digits, - or _ (typed after !), such as !refund.</source>
        <translation>Um atalho tem de 1 a 40 letras, dígitos, - ou _ (digitados depois de !), como !reembolso.</translation>
    </message>
    <message>
        <source>The tag &apos;{tag}…&apos; is longer than {limit} characters.</source>
        <translation>A tag &apos;{tag}…&apos; tem mais de {limit} caracteres.</translation>
    </message>
    <message numerus="yes">
        <source>Unknown tag(s): {tags}. Choose from the organisation&apos;s tags.</source>
        <translation>
            <numerusform>Tag desconhecida: {tags}. Escolha entre as tags da organização.</numerusform>
            <numerusform>Tags desconhecidas: {tags}. Escolha entre as tags da organização.</numerusform>
        </translation>
    </message>
    <message>
        <source>The topic is longer than {limit} characters.</source>
        <translation>O assunto tem mais de {limit} caracteres.</translation>
    </message>
    <message>
        <source>The comment is longer than {limit} characters.</source>
        <translation>O comentário tem mais de {limit} caracteres.</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>name@example.com</source>
        <translation>nome@exemplo.com</translation>
    </message>
    <message>
        <source>+44 20 7946 0958 (with its country code)</source>
        <translation>+55 11 91234 5678 (com o código do país)</translation>
    </message>
    <message>
        <source>Verify contact</source>
        <translation>Verificar contato</translation>
    </message>
    <message>
        <source>Verify the {channel} channel of {visitor}</source>
        <translation>Verificar o canal {channel} de {visitor}</translation>
    </message>
    <message>
        <source>Record the email address or phone number the visitor has proved they hold, for example with a code you sent them.</source>
        <translation>Registre o endereço de e-mail ou o telefone que o visitante comprovou ter, por exemplo com um código que você enviou.</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation>Verificado por</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Número de telefone</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>Endereço de e-mail</translation>
    </message>
    <message>
        <source>The channel is marked verified and the contact is no longer unknown. Other contacts with this verified {noun} are merged into this one: their conversations and channels join it.</source>
        <translation>O canal é marcado como verificado e o contato deixa de ser desconhecido. Outros contatos com este {noun} verificado são mesclados a este: as conversas e os canais deles passam para cá.</translation>
    </message>
    <message>
        <source>Type the {verified_noun} the visitor proved.</source>
        <translation>Digite o {verified_noun} que o visitante comprovou.</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Verificando…</translation>
    </message>
</context>
<context>
    <name>View</name>
    <message>
        <source>Agent desk</source>
        <translation>Painel do agente</translation>
    </message>
    <message>
        <source>Monitor dashboard</source>
        <translation>Painel do monitor</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administração</translation>
    </message>
    <message>
        <source>Contact Center</source>
        <translation>Central de contatos</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
</context>
<context>
    <name>VisitorPanel</name>
    <message>
        <source>Pages the visitor visited</source>
        <translation>Páginas que o visitante visitou</translation>
    </message>
    <message>
        <source>Open a chat to see its visitor.</source>
        <translation>Abra uma conversa para ver o visitante.</translation>
    </message>
    <message>
        <source>Browser:</source>
        <translation>Navegador:</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>Sistema:</translation>
    </message>
    <message>
        <source>Department:</source>
        <translation>Departamento:</translation>
    </message>
    <message>
        <source>Landing page:</source>
        <translation>Página de entrada:</translation>
    </message>
    <message>
        <source>Custom fields:</source>
        <translation>Campos personalizados:</translation>
    </message>
    <message>
        <source>Pages visited (newest last):</source>
        <translation>Páginas visitadas (a mais recente por último):</translation>
    </message>
    <message>
        <source>not told</source>
        <translation>não informado</translation>
    </message>
    <message>
        <source>No pages: the visitor did not come from the website chat.</source>
        <translation>Nenhuma página: o visitante não veio do chat do site.</translation>
    </message>
</context>
<context>
    <name>WebsiteChatDialog</name>
    <message>
        <source>Website chat</source>
        <translation>Chat do site</translation>
    </message>
    <message>
        <source>Snippet for your site</source>
        <translation>Trecho de código para o seu site</translation>
    </message>
    <message>
        <source>Website chat is off. Start Omnidesk with --intake 127.0.0.1:3000 (or another address) to serve the Rocket.Chat Livechat widget&apos;s API; visitors then appear in the queue like any other channel.</source>
        <translation>O chat do site está desligado. Inicie o Omnidesk com --intake 127.0.0.1:3000 (ou outro endereço) para servir a API do widget Livechat do Rocket.Chat; os visitantes então aparecem na fila como em qualquer outro canal.</translation>
    </message>
    <message>
        <source>Paste this before &lt;/body&gt; on each page of your site. Visitors who write appear in the queue, are routed, and see your answers live.</source>
        <translation>Cole isto antes de &lt;/body&gt; em cada página do seu site. Os visitantes que escrevem aparecem na fila, são roteados e veem suas respostas ao vivo.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
</context>
<context>
    <name>WhatIfDialog</name>
    <message>
        <source>Compare with today&apos;s traffic</source>
        <translation>Comparar com o movimento de hoje</translation>
    </message>
    <message>
        <source>Replaying today&apos;s chats with and without your changes…</source>
        <translation>Reproduzindo as conversas de hoje com e sem as suas alterações…</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Agora</translation>
    </message>
    <message>
        <source>With changes</source>
        <translation>Com as alterações</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Números</translation>
    </message>
    <message>
        <source>Chats per agent</source>
        <translation>Conversas por agente</translation>
    </message>
    <message>
        <source>Chats whose outcome changes</source>
        <translation>Conversas cujo resultado muda</translation>
    </message>
    <message>
        <source>What the replay cannot know</source>
        <translation>O que a reprodução não tem como saber</translation>
    </message>
    <message>
        <source>What the replay cannot know:</source>
        <translation>O que a reprodução não tem como saber:</translation>
    </message>
    <message>
        <source>Nothing: the replay models every setting changed.</source>
        <translation>Nada: a reprodução modela todas as configurações alteradas.</translation>
    </message>
    <message>
        <source>The comparison could not be made: {message}</source>
        <translation>A comparação não pôde ser feita: {message}</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>{actor} {changes}.</source>
        <translation>{actor} {changes}.</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n segundo</numerusform>
            <numerusform>%n segundos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minuto</numerusform>
            <numerusform>%n minutos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hora</numerusform>
            <numerusform>%n horas</numerusform>
        </translation>
    </message>
    <message>
        <source>{hours} {minutes}</source>
        <translation>{hours} e {minutes}</translation>
    </message>
    <message>
        <source>changed the topic to “{topic}”</source>
        <translation>alterou o assunto para “{topic}”</translation>
    </message>
    <message>
        <source>cleared the topic</source>
        <translation>apagou o assunto</translation>
    </message>
    <message numerus="yes">
        <source>added the tag(s) {tags}</source>
        <translation>
            <numerusform>adicionou a tag {tags}</numerusform>
            <numerusform>adicionou as tags {tags}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed the tag(s) {tags}</source>
        <translation>
            <numerusform>removeu a tag {tags}</numerusform>
            <numerusform>removeu as tags {tags}</numerusform>
        </translation>
    </message>
    <message>
        <source>set the priority to {priority}</source>
        <translation>definiu a prioridade como {priority}</translation>
    </message>
    <message>
        <source>cleared the priority</source>
        <translation>apagou a prioridade</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} e {last}</translation>
    </message>
    <message>
        <source>{first}, {next}</source>
        <translation>{first}, {next}</translation>
    </message>
    <message>
        <source>Highest</source>
        <translation>máxima</translation>
    </message>
    <message>
        <source>High</source>
        <translation>alta</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>média</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>baixa</translation>
    </message>
    <message>
        <source>Lowest</source>
        <translation>mínima</translation>
    </message>
    <message>
        <source>Not specified</source>
        <translation>não especificada</translation>
    </message>
</context>
<context>
    <name>WorkspaceWindow</name>
    <message>
        <source>Admin</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>Monitor</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Omnidesk — {name} ({role})</source>
        <translation>Omnidesk — {name} ({role})</translation>
    </message>
    <message>
        <source>Messages you send will go when the connection is back.</source>
        <translation>As mensagens que você enviar seguirão quando a conexão voltar.</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contato</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>Visitante</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Não perturbe</translation>
    </message>
    <message>
        <source>Silence notifications; waiting chats are announced when you turn it off</source>
        <translation>Silencia as notificações; as conversas aguardando são anunciadas quando você o desligar</translation>
    </message>
    <message>
        <source>Load the desk</source>
        <translation>Carregar o painel</translation>
    </message>
    <message>
        <source>Read the places in line</source>
        <translation>Ler as posições na fila</translation>
    </message>
    <message>
        <source>Open the chat</source>
        <translation>Abrir a conversa</translation>
    </message>
    <message>
        <source>Keep your reply in progress</source>
        <translation>Guardar a sua resposta em andamento</translation>
    </message>
    <message>
        <source>Remember what you read</source>
        <translation>Lembrar o que você leu</translation>
    </message>
    <message>
        <source>Remember the announced chats</source>
        <translation>Lembrar as conversas anunciadas</translation>
    </message>
    <message>
        <source>Refresh the chat</source>
        <translation>Atualizar a conversa</translation>
    </message>
    <message>
        <source>Take the chat</source>
        <translation>Assumir a conversa</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Enviar a mensagem</translation>
    </message>
    <message>
        <source>Add the note</source>
        <translation>Adicionar a nota</translation>
    </message>
    <message>
        <source>Change your status</source>
        <translation>Mudar o seu status</translation>
    </message>
    <message>
        <source>the visitor</source>
        <translation>o visitante</translation>
    </message>
    <message>
        <source>Close the chat</source>
        <translation>Encerrar a conversa</translation>
    </message>
    <message>
        <source>Load the agents</source>
        <translation>Carregar os agentes</translation>
    </message>
    <message>
        <source>Transfer the chat</source>
        <translation>Transferir a conversa</translation>
    </message>
    <message>
        <source>Put the chat on hold</source>
        <translation>Colocar a conversa em espera</translation>
    </message>
    <message>
        <source>Resume the chat</source>
        <translation>Retomar a conversa</translation>
    </message>
    <message>
        <source>Delete the canned response</source>
        <translation>Excluir a resposta modelo</translation>
    </message>
    <message>
        <source>Save as canned response</source>
        <translation>Salvar como resposta modelo</translation>
    </message>
    <message>
        <source>Write the text first, then save it.</source>
        <translation>Escreva o texto primeiro e depois salve.</translation>
    </message>
    <message>
        <source>Shortcut (type !shortcut then Tab to insert it):</source>
        <translation>Atalho (digite !atalho e depois Tab para inseri-lo):</translation>
    </message>
    <message>
        <source>Save the canned response</source>
        <translation>Salvar a resposta modelo</translation>
    </message>
    <message>
        <source>Load the canned responses</source>
        <translation>Carregar as respostas modelo</translation>
    </message>
    <message>
        <source>Save the chat&apos;s info</source>
        <translation>Salvar as informações da conversa</translation>
    </message>
    <message>
        <source>Load older messages</source>
        <translation>Carregar mensagens anteriores</translation>
    </message>
    <message>
        <source>Take the next chat</source>
        <translation>Assumir a próxima conversa</translation>
    </message>
    <message>
        <source>Every waiting chat is blocked. </source>
        <translation>Todas as conversas aguardando estão bloqueadas. </translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Seguir o sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Escuro</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Texto maior</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Texto menor</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>Tamanho normal do texto</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>Website chat…</source>
        <translation>Chat do site…</translation>
    </message>
    <message>
        <source>&amp;Notifications</source>
        <translation>&amp;Notificações</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Som</translation>
    </message>
    <message>
        <source>New chats in my queue</source>
        <translation>Novas conversas na minha fila</translation>
    </message>
    <message>
        <source>Chats routed to me</source>
        <translation>Conversas roteadas para mim</translation>
    </message>
    <message>
        <source>Chats transferred to me</source>
        <translation>Conversas transferidas para mim</translation>
    </message>
    <message>
        <source>Visitor messages in other chats</source>
        <translation>Mensagens de visitantes em outras conversas</translation>
    </message>
    <message>
        <source>SLAs about to pass</source>
        <translation>SLAs prestes a vencer</translation>
    </message>
    <message>
        <source>Remind me of a waiting chat every</source>
        <translation>Lembrar de uma conversa aguardando a cada</translation>
    </message>
    <message>
        <source>30 seconds</source>
        <translation>30 segundos</translation>
    </message>
    <message>
        <source>minute</source>
        <translation>minuto</translation>
    </message>
    <message>
        <source>2 minutes</source>
        <translation>2 minutos</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 minutos</translation>
    </message>
    <message>
        <source>Search the conversations</source>
        <translation>Pesquisar as conversas</translation>
    </message>
    <message>
        <source>Verify the channel</source>
        <translation>Verificar o canal</translation>
    </message>
    <message numerus="yes">
        <source>Merged %n contact(s) with the same verified {noun} into this one: their conversations are listed below.</source>
        <translation>
            <numerusform>%n contato com o mesmo {noun} verificado foi mesclado a este: as conversas dele estão listadas abaixo.</numerusform>
            <numerusform>%n contatos com o mesmo {noun} verificado foram mesclados a este: as conversas deles estão listadas abaixo.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verified {name}&apos;s channel by {noun}.</source>
        <translation>Canal de {name} verificado por {noun}.</translation>
    </message>
    <message>
        <source>Reload the contact</source>
        <translation>Recarregar o contato</translation>
    </message>
    <message>
        <source>Reload the queue</source>
        <translation>Recarregar a fila</translation>
    </message>
    <message>
        <source>Reload my chats</source>
        <translation>Recarregar minhas conversas</translation>
    </message>
    <message>
        <source>Change availability</source>
        <translation>Mudar a disponibilidade</translation>
    </message>
    <message>
        <source>● Available</source>
        <translation>● Disponível</translation>
    </message>
    <message>
        <source>○ Not available</source>
        <translation>○ Indisponível</translation>
    </message>
    <message>
        <source>Click to stop taking chats</source>
        <translation>Clique para parar de receber conversas</translation>
    </message>
    <message>
        <source>Click to start taking chats</source>
        <translation>Clique para começar a receber conversas</translation>
    </message>
    <message>
        <source>Refresh the visitor</source>
        <translation>Atualizar o visitante</translation>
    </message>
    <message>
        <source>Reload the desk</source>
        <translation>Recarregar o painel</translation>
    </message>
    <message>
        <source>  {count} waiting for you  </source>
        <translation>  {count} aguardando você  </translation>
    </message>
    <message>
        <source>  {count} waiting in the queue  </source>
        <translation>  {count} aguardando na fila  </translation>
    </message>
</context>
<context>
    <name>_Rows</name>
    <message>
        <source>Add</source>
        <translation>Adicionar</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Remove this row</source>
        <translation>Remover esta linha</translation>
    </message>
</context>
<context>
    <name>admin.describe</name>
    <message>
        <source>Monday</source>
        <translation>segunda-feira</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>terça-feira</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>quarta-feira</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>quinta-feira</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>sexta-feira</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>sábado</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>domingo</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>rascunho</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>aguardando</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>conflito</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejeitada</translation>
    </message>
    <message>
        <source>Manual selection</source>
        <translation>Seleção manual</translation>
    </message>
    <message>
        <source>Auto selection</source>
        <translation>Seleção automática</translation>
    </message>
    <message>
        <source>Load balancing</source>
        <translation>Balanceamento de carga</translation>
    </message>
    <message>
        <source>Load rotation</source>
        <translation>Rotação de carga</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>Balanceado</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>Habilidades</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Horário de chegada</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridade</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nenhuma ação</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Encerrar</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Em espera</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Manter</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>{hours:02d}:{rest:02d}</source>
        <translation>{hours:02d}:{rest:02d}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nenhum</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sem limite</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>{day_name} {minutes}–{minutes2}</source>
        <translation>{day_name} {minutes}–{minutes2}</translation>
    </message>
    <message>
        <source>{kind} &apos;{name}&apos;</source>
        <translation>{kind} &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>Routing settings</source>
        <translation>Configurações de roteamento</translation>
    </message>
    <message>
        <source>Website chat settings</source>
        <translation>Configurações do chat do site</translation>
    </message>
    <message>
        <source>File upload settings</source>
        <translation>Configurações de upload de arquivos</translation>
    </message>
    <message>
        <source>New {title}</source>
        <translation>Novo registro: {title}</translation>
    </message>
    <message>
        <source>Delete {title}</source>
        <translation>Excluir {title}</translation>
    </message>
    <message>
        <source>{title}: </source>
        <translation>{title}: </translation>
    </message>
    <message>
        <source>{field} {before} -&gt; {after}</source>
        <translation>{field} {before} -&gt; {after}</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>Departamentos</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agentes</translation>
    </message>
    <message>
        <source>Business hours</source>
        <translation>Horário de expediente</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>Roteamento</translation>
    </message>
    <message>
        <source>Priorities</source>
        <translation>Prioridades</translation>
    </message>
    <message>
        <source>SLA policies</source>
        <translation>Políticas de SLA</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Canned responses</source>
        <translation>Respostas modelo</translation>
    </message>
    <message>
        <source>Website chat</source>
        <translation>Chat do site</translation>
    </message>
    <message>
        <source>File uploads</source>
        <translation>Upload de arquivos</translation>
    </message>
</context>
<context>
    <name>admin.editor_factory</name>
    <message>
        <source>None</source>
        <translation>Nenhum</translation>
    </message>
</context>
<context>
    <name>admin.unsaved</name>
    <message>
        <source>Unsaved changes</source>
        <translation>Alterações não salvas</translation>
    </message>
    <message>
        <source>{title} has changes you have not saved.</source>
        <translation>{title} tem alterações que você não salvou.</translation>
    </message>
    <message>
        <source>Save them as a pending change, discard them, or stay on this form?</source>
        <translation>Salvá-las como alteração pendente, descartá-las ou continuar neste formulário?</translation>
    </message>
</context>
<context>
    <name>admin.whatif_dialog</name>
    <message>
        <source>Chats</source>
        <translation>Conversas</translation>
    </message>
    <message>
        <source>Wait, median (p50)</source>
        <translation>Espera, mediana (p50)</translation>
    </message>
    <message>
        <source>Wait, p90</source>
        <translation>Espera, p90</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Na fila</translation>
    </message>
    <message>
        <source>Refused or never served</source>
        <translation>Recusadas ou nunca atendidas</translation>
    </message>
</context>
<context>
    <name>contacts.detail</name>
    <message>
        <source>Nobody</source>
        <translation>Ninguém</translation>
    </message>
    <message>
        <source>An agent who left</source>
        <translation>Um agente que saiu</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vazio)</translation>
    </message>
</context>
<context>
    <name>contacts.dialogs</name>
    <message>
        <source>{name} — {channels}</source>
        <translation>{name} — {channels}</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sem nome)</translation>
    </message>
    <message>
        <source>no channel</source>
        <translation>nenhum canal</translation>
    </message>
</context>
<context>
    <name>contacts.list_model</name>
    <message>
        <source>Unknown contact: created automatically from a visitor; nobody has verified a channel or edited it yet.</source>
        <translation>Contato desconhecido: criado automaticamente a partir de um visitante; ninguém verificou um canal nem o editou ainda.</translation>
    </message>
</context>
<context>
    <name>contacts.models</name>
    <message>
        <source>blocked</source>
        <translation>bloqueado</translation>
    </message>
</context>
<context>
    <name>contacts.when</name>
    <message>
        <source>just now</source>
        <translation>agora mesmo</translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation>há {minutes} min</translation>
    </message>
    <message>
        <source>{hours} h ago</source>
        <translation>há {hours} h</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>ontem</translation>
    </message>
    <message>
        <source>{days} days ago</source>
        <translation>há {days} dias</translation>
    </message>
</context>
<context>
    <name>emoji.picker</name>
    <message>
        <source>Recent</source>
        <translation>Recentes</translation>
    </message>
    <message>
        <source>Smileys</source>
        <translation>Carinhas</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Pessoas</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Natureza</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>Comida</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Atividades</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objetos</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>Símbolos</translation>
    </message>
</context>
<context>
    <name>format</name>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{day}, {time}</source>
        <translation>{day}, {time}</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>Não verificado</translation>
    </message>
    <message>
        <source>Verified by {by} on {when}</source>
        <translation>Verificado por {by} em {when}</translation>
    </message>
    <message>
        <source>Verified by {by}</source>
        <translation>Verificado por {by}</translation>
    </message>
    <message>
        <source>Verified on {when}</source>
        <translation>Verificado em {when}</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verificado</translation>
    </message>
    <message>
        <source>email</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>telefone</translation>
    </message>
    <message>
        <source>The visitor deleted this message.</source>
        <translation>O visitante apagou esta mensagem.</translation>
    </message>
</context>
<context>
    <name>launch</name>
    <message>
        <source>Omnidesk cannot start</source>
        <translation>O Omnidesk não pode iniciar</translation>
    </message>
</context>
<context>
    <name>models.queue</name>
    <message>
        <source>Unknown contact</source>
        <translation>Contato desconhecido</translation>
    </message>
    <message>
        <source>Unverified</source>
        <translation>Não verificado</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Bloqueada</translation>
    </message>
    <message>
        <source>Your organisation does not let agents take this chat now.</source>
        <translation>Sua organização não permite que os agentes assumam esta conversa agora.</translation>
    </message>
    <message>
        <source>&lt;1 min</source>
        <translation>&lt;1 min</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} h {minutes:02d} min</translation>
    </message>
</context>
<context>
    <name>models.search_hits</name>
    <message>
        <source>note by {author_name}</source>
        <translation>nota de {author_name}</translation>
    </message>
    <message>
        <source>{author_name} wrote</source>
        <translation>{author_name} escreveu</translation>
    </message>
</context>
<context>
    <name>monitor.actions</name>
    <message>
        <source>The chat with {visitor} was transferred to {agent}.</source>
        <translation>A conversa com {visitor} foi transferida para {agent}.</translation>
    </message>
    <message>
        <source>its department</source>
        <translation>o departamento dela</translation>
    </message>
    <message>
        <source>The chat with {visitor_name} went back to the queue of {where}.</source>
        <translation>A conversa com {visitor_name} voltou para a fila de {where}.</translation>
    </message>
</context>
<context>
    <name>monitor.charts</name>
    <message>
        <source>{hour:02d}</source>
        <translation>{hour:02d}</translation>
    </message>
    <message>
        <source>hours {labels}:00 → {labels2}:59</source>
        <translation>horas {labels}:00 → {labels2}:59</translation>
    </message>
</context>
<context>
    <name>monitor.panels</name>
    <message>
        <source>Filter the chats</source>
        <translation>Filtrar as conversas</translation>
    </message>
    <message>
        <source>Filter by visitor, agent, department, tag or status</source>
        <translation>Filtrar por visitante, agente, departamento, tag ou status</translation>
    </message>
</context>
<context>
    <name>search.field</name>
    <message>
        <source>Search every conversation you can see: words from a message, a name, an order number…
↑ ↓ choose · Enter opens · Esc closes</source>
        <translation>Pesquise em todas as conversas que você pode ver: palavras de uma mensagem, um nome, um número de pedido…
↑ ↓ escolhem · Enter abre · Esc fecha</translation>
    </message>
</context>
<context>
    <name>session</name>
    <message>
        <source>not installed</source>
        <translation>não instalado</translation>
    </message>
    <message>
        <source>A desktop agent desk for omnichannel customer service, in Rocket.Chat Omnichannel&apos;s vocabulary.</source>
        <translation>Um painel de atendimento para desktop, para atendimento omnichannel, no vocabulário do Omnichannel do Rocket.Chat.</translation>
    </message>
    <message>
        <source>Licence: {licence}</source>
        <translation>Licença: {licence}</translation>
    </message>
    <message>
        <source>Built with:</source>
        <translation>Feito com:</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>Sign out / Switch user…</source>
        <translation>Sair / Trocar de usuário…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Sai&amp;r</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>About Omnidesk</source>
        <translation>Sobre o Omnidesk</translation>
    </message>
    <message>
        <source>Start when I log in</source>
        <translation>Iniciar ao fazer login</translation>
    </message>
    <message>
        <source>Omnidesk could not write {path}: {reason}. Check that folder&apos;s permissions and try again.</source>
        <translation>O Omnidesk não conseguiu gravar {path}: {reason}. Verifique as permissões dessa pasta e tente novamente.</translation>
    </message>
    <message>
        <source>Omnidesk could not remove {path}: {reason}. Check that folder&apos;s permissions and try again.</source>
        <translation>O Omnidesk não conseguiu remover {path}: {reason}. Verifique as permissões dessa pasta e tente novamente.</translation>
    </message>
</context>
<context>
    <name>workspace.banner</name>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
</context>
<context>
    <name>workspace.message_delegate</name>
    <message>
        <source>{said} · deleted {time}</source>
        <translation>{said} · apagada às {time}</translation>
    </message>
    <message>
        <source>{said} · edited {time}</source>
        <translation>{said} · editada às {time}</translation>
    </message>
    <message>
        <source>{said} · waiting to send</source>
        <translation>{said} · aguardando envio</translation>
    </message>
    <message>
        <source>Internal note · {said}</source>
        <translation>Nota interna · {said}</translation>
    </message>
</context>
<context>
    <name>workspace.verify_dialog</name>
    <message>
        <source>email</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>telefone</translation>
    </message>
</context>
</TS>
