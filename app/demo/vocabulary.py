"""Words the sample organisation is made of: names, topics and the lines people write."""

FIRST_NAMES = (
    "Amara", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ivan", "Jade",
    "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
    "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë", "Aiko", "Bruno", "Carmen", "Diego",
    "Esther", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luca", "Mila", "Noah",
)
LAST_NAMES = (
    "Abebe", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ibrahim",
    "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi",
    "Schmidt", "Tanaka", "Ulrich", "Vargas", "Weber", "Xu", "Yilmaz", "Zhang", "Andersen",
    "Becker", "Cohen", "Novak",
)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example")

# (topic, visitor openings, visitor follow-ups, agent replies, tags)
TOPICS = (
    (
        "billing",
        ("I was charged twice for my subscription this month.",
         "Can you explain the extra fee on my last invoice?",
         "My card was declined but the money left my account."),
        ("The invoice number is INV-{n}.", "It was on the {d}th.", "I need a refund, please.",
         "Can you send me a corrected invoice?"),
        ("I can see the duplicate charge; I have started a refund.",
         "The fee is the annual plan's setup cost; I can waive it this once.",
         "Refunds reach your card within five working days."),
        ("billing", "refund", "invoice"),
    ),
    (
        "shipping",
        ("My parcel has not arrived yet.", "The tracking page says delivered but I have nothing.",
         "Can I change the delivery address of order {n}?"),
        ("The order number is {n}.", "I ordered it on the {d}th.", "It is a gift, it is urgent."),
        ("The courier has it at the local depot; it will be delivered tomorrow.",
         "I have opened an investigation with the carrier.",
         "I changed the address; you will get a new confirmation by email."),
        ("shipping", "delivery", "order"),
    ),
    (
        "login",
        ("I cannot log in to my account.", "The password reset email never arrives.",
         "My two-factor code is always rejected."),
        ("I use the app on Android.", "I tried three times.", "It says the code expired."),
        ("I have sent a new reset link; it is valid for one hour.",
         "Your phone's clock was off; two-factor codes depend on it.",
         "I unlocked your account after too many attempts."),
        ("login", "account", "2fa"),
    ),
    (
        "product",
        ("Does the Pro plan include the reporting module?", "Is the blue model back in stock?",
         "How do I export my data to CSV?"),
        ("We are a team of {n} people.", "I need it before the {d}th.", "Is there a discount?"),
        ("Yes, reporting is in Pro and above.", "It is back next week; I can reserve one.",
         "Settings, then Export, then CSV: it includes every field."),
        ("sales", "question", "pricing"),
    ),
    (
        "complaint",
        ("This is the third time I contact you about the same problem.",
         "Your technician did not show up today.",
         "The product broke after two days."),
        ("I want to speak to a manager.", "I took a day off for this.", "I want my money back."),
        ("I am sorry; I have escalated this and will call you back today.",
         "I booked the technician for tomorrow morning, first slot.",
         "I have arranged a replacement and a return label."),
        ("complaint", "escalated", "quality"),
    ),
)

CLOSING_VISITOR = ("Thank you!", "Great, thanks for your help.", "OK, that works.", "Perfect.")
CLOSING_AGENT = (
    "Is there anything else I can help you with?",
    "You're welcome. Have a good day!",
    "I'll close this chat now; write again any time.",
)
CLOSE_COMMENTS = (
    "Solved on first contact.", "Refund issued.", "Escalated to second line.",
    "Customer will confirm by email.", "",
)
