"""What a backend lets admins configure: which kinds, which of their fields, whether records of a
kind may be created or deleted, and which choices a field offers there.

The embedded desk offers everything the schemas hold. A Rocket.Chat server offers what its API
can change (a Community server has no units, priorities, SLA policies or tags, one default set of
business hours, three routing methods...): the admin views build their lists and forms from the
offer, so nothing is shown that the backend would have to refuse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.config.records import Kind
from app.config.schema import FieldSpec, schema_of


@dataclass(frozen=True, slots=True)
class KindOffer:
    """What may be done with the records of one kind."""

    # The fields an admin may change; None: every field of the kind's schema.
    fields: frozenset[str] | None = None
    # Fields given when a record is created, fixed afterwards (who an agent is).
    on_create: frozenset[str] = frozenset()
    create: bool = True
    delete: bool = True
    # Fields shown but not changeable here (an agent's name, which the server keeps elsewhere).
    shown: frozenset[str] = frozenset()
    # Fields whose choices are fewer here than the schema's (a server's routing methods).
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Said beside the kind's records: why some of it is not offered.
    note: str = ""

    def offers_field(self, name: str, *, creating: bool = False) -> bool:
        return self.fields is None or name in self.fields or (creating and name in self.on_create)


@dataclass(frozen=True, slots=True)
class ConfigurationOffer:
    kinds: Mapping[Kind, KindOffer]
    # Whether `Administration.what_if` can replay traffic with pending changes.
    what_if: bool = True

    def offers(self, kind: Kind) -> bool:
        return kind in self.kinds

    def of(self, kind: Kind) -> KindOffer:
        return self.kinds.get(kind, _NOTHING)

    def field_specs(self, kind: Kind, *, creating: bool = False) -> list[FieldSpec]:
        """The kind's fields as a form shows them here (`creating`: a new record's form): those
        offered, with the choices offered, and those only shown (greyed)."""
        offer = self.of(kind)
        specs = []
        for spec in schema_of(kind).fields:
            offered = offer.offers_field(spec.name, creating=creating)
            if not offered and (spec.name in offer.shown or spec.name in offer.on_create):
                specs.append(dataclasses.replace(spec, read_only=True))
            elif offered:
                choices = offer.choices.get(spec.name)
                specs.append(dataclasses.replace(spec, choices=choices) if choices is not None else spec)
        return specs


_NOTHING = KindOffer(fields=frozenset(), create=False, delete=False)

EVERYTHING = ConfigurationOffer({kind: KindOffer() for kind in Kind})
