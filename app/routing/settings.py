"""Routing settings, named after Rocket.Chat's where Rocket.Chat has them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RoutingMethod(StrEnum):
    MANUAL_SELECTION = "manual_selection"  # Rocket.Chat Manual_Selection
    AUTO_SELECTION = "auto_selection"  # Rocket.Chat Auto_Selection
    LOAD_BALANCING = "load_balancing"  # Rocket.Chat Load_Balancing (EE)
    LOAD_ROTATION = "load_rotation"  # Rocket.Chat Load_Rotation (EE)
    BALANCED = "balanced"  # Omnidesk: fewest open chats overall, then longest idle
    SKILLS = "skills"  # Omnidesk: skill requirements that relax with waiting

    @property
    def auto_assigns(self) -> bool:
        return self is not RoutingMethod.MANUAL_SELECTION


class QueueOrder(StrEnum):
    """Rocket.Chat's Omnichannel_sorting_mechanism, and one order of Omnidesk's."""

    TIMESTAMP = "timestamp"
    PRIORITY = "priority"
    # Rocket.Chat's SLAs: the shorter SLA first, whenever each inquiry arrived.
    SLA = "sla"
    # Omnidesk: the inquiry whose SLA falls due first, first (beyond Rocket.Chat).
    SLA_DUE = "sla_due"


class AbandonedAction(StrEnum):
    """Rocket.Chat's Livechat_abandoned_rooms_action."""

    NONE = "none"
    CLOSE = "close"
    ON_HOLD = "on-hold"


@dataclass(frozen=True, slots=True)
class RoutingSettings:
    routing_method: RoutingMethod = RoutingMethod.AUTO_SELECTION
    # 0 means no limit (Livechat_maximum_chats_per_agent).
    max_chats_per_agent: int = 0
    waiting_queue: bool = False
    queue_order: QueueOrder = QueueOrder.TIMESTAMP
    # Livechat_enabled_when_agent_idle, true by default in Rocket.Chat.
    route_to_away_agents: bool = True
    business_hours_enabled: bool = False
    # Omnichannel_max_fallback_forward_depth: how many fallback hops a failed transfer takes.
    # A new inquiry follows its department's fallback chain to the end, as Rocket.Chat's does.
    max_fallback_depth: int = 3
    # Livechat_auto_transfer_chat_timeout: reassign a chat the agent has not answered; 0 = off.
    # Once per chat, as in Rocket.Chat.
    auto_transfer_unanswered_s: int = 0
    # Omnidesk: every agent the chat reaches has the timeout to answer, and it moves on again,
    # never back to an agent who let it time out (beyond Rocket.Chat).
    auto_transfer_repeats: bool = False
    abandoned_action: AbandonedAction = AbandonedAction.NONE
    # Livechat_visitor_inactivity_timeout: silence after the agent's first reply since the
    # visitor last wrote.
    visitor_inactivity_s: int = 3600
    # Livechat_max_queue_wait_time (Rocket.Chat counts minutes); 0 = off.
    max_queue_wait_s: int = 0
    # skills: waits after which requirements relax one level (cumulative thresholds).
    skill_relax_after_s: tuple[int, ...] = (60, 180)
    # The average chat length assumed until enough chats have closed to measure it.
    default_chat_duration_s: int = 300
    # Livechat_number_most_recent_chats_estimate_wait_time.
    estimate_sample: int = 100
