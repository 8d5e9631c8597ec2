"""ACLED's event taxonomy: 6 event types and their 25 sub-event types (ACLED codebook 2019+)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["SUB_EVENT_TYPES", "EventType", "SubEventType", "event_type_of"]


class EventType(StrEnum):
    BATTLES = "Battles"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class SubEventType(StrEnum):
    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING_ARTILLERY_MISSILE = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION = "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_ESTABLISHED = "Headquarters or base established"
    LOOTING = "Looting/property destruction"
    NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
    OTHER = "Other"


_E = EventType
_S = SubEventType
SUB_EVENT_TYPES: dict[EventType, tuple[SubEventType, ...]] = {
    _E.BATTLES: (_S.ARMED_CLASH, _S.GOVERNMENT_REGAINS_TERRITORY, _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    _E.EXPLOSIONS_REMOTE_VIOLENCE: (
        _S.CHEMICAL_WEAPON,
        _S.AIR_DRONE_STRIKE,
        _S.SUICIDE_BOMB,
        _S.SHELLING_ARTILLERY_MISSILE,
        _S.REMOTE_EXPLOSIVE,
        _S.GRENADE,
    ),
    _E.VIOLENCE_AGAINST_CIVILIANS: (_S.SEXUAL_VIOLENCE, _S.ATTACK, _S.ABDUCTION),
    _E.PROTESTS: (_S.PEACEFUL_PROTEST, _S.PROTEST_WITH_INTERVENTION, _S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
    _E.RIOTS: (_S.VIOLENT_DEMONSTRATION, _S.MOB_VIOLENCE),
    _E.STRATEGIC_DEVELOPMENTS: (
        _S.AGREEMENT,
        _S.ARRESTS,
        _S.CHANGE_TO_GROUP,
        _S.DISRUPTED_WEAPONS_USE,
        _S.HEADQUARTERS_ESTABLISHED,
        _S.LOOTING,
        _S.NON_VIOLENT_TRANSFER,
        _S.OTHER,
    ),
}
_PARENT = {sub: parent for parent, subs in SUB_EVENT_TYPES.items() for sub in subs}


def event_type_of(sub: SubEventType) -> EventType:
    """The event type a sub-event type belongs to."""
    return _PARENT[sub]
