"""What the pack defines but never uses, what rules cite but do not list, and engine limits."""

from __future__ import annotations

from pathlib import Path

from coach.authoring.findings import Finding, Sites
from coach.authoring.space import refs_of
from coach.conditions.ast import Condition
from coach.content.bundle import SHIPPED, Content
from coach.content.pack import CITATION
from coach.errors import EngineError
from coach.located import KeyPath

NEAR = 0.8  # warn when a pack uses this share of an engine limit


def lint_catalog(content: Content, sites: Sites) -> list[Finding]:
    """Unused actions, mistakes without rules, unread questions and scores, citation slips.

    Sources, mistakes and actions a pack inherits with `extends:` are not its own to use up; a
    pack without any rule yet gets one finding instead of one per question.
    """
    if not content.pack.rules:
        return [_no_rules(sites), *_unused_named_conditions(sites)]
    return [
        *_unused_actions(content, sites),
        *_actions_without_checks(content, sites),
        *_mistakes_without_rules(content, sites),
        *_unread_questions(content, sites),
        *_unused_named_conditions(sites),
        *_citations(content, sites),
        *_care_without_notice(content, sites),
        *_firm_without_effect(content, sites),
    ]


def _unused_actions(content: Content, sites: Sites) -> list[Finding]:
    used = {a for rule in content.pack.rules for a in rule.actions}
    located = sites.files.get("actions.yaml")
    return [
        sites.find(
            "unused-action",
            located,
            ("actions", i, "id"),
            f"no rule suggests action '{action.id}', so nobody will ever see it",
            hint="add it to the `actions` of a rule, or delete it from actions.yaml",
            fallback="actions.yaml",
            subject=action.id,
        )
        for i, action in enumerate(content.pack.actions.values())
        if action.id not in used and action.id not in content.pack.inherited
    ]


def _actions_without_checks(content: Content, sites: Sites) -> list[Finding]:
    """The pack's own actions (and their rewrites) with no `success_check` to suggest."""
    located = sites.files.get("actions.yaml")
    found = []
    for i, action in enumerate(content.pack.actions.values()):
        if action.id in content.pack.inherited:
            continue
        missing: list[tuple[KeyPath, str]] = (
            [] if action.success_check else [(("actions", i, "id"), f"action '{action.id}'")]
        )
        missing += [
            (("actions", i, "rewrites", key), f"action '{action.id}', rewriting '{key}',")
            for key, rewrite in action.rewrites.items()
            if not rewrite.success_check
        ]
        found += [
            sites.find(
                "no-success-check",
                located,
                loc,
                f"{what} has no success_check: in `coach review` the coach writes one from "
                "nothing, and the plan before a review has none to print",
                hint="add `success_check:`: what the person can show by the due date "
                '("you said no or not now to at least two requests")',
                fallback="actions.yaml",
                subject=action.id,
            )
            for loc, what in missing
        ]
    return found


def _mistakes_without_rules(content: Content, sites: Sites) -> list[Finding]:
    diagnosed = {rule.mistake for rule in content.pack.rules}
    located = sites.files.get("mistakes.yaml")
    return [
        sites.find(
            "mistake-without-rule",
            located,
            ("mistakes", i, "id"),
            f"no rule diagnoses mistake '{mistake.id}', so it can never appear in a result",
            hint="write at least one rule with `mistake: " + mistake.id + "`",
            fallback="mistakes.yaml",
            subject=mistake.id,
        )
        for i, mistake in enumerate(content.pack.mistakes.values())
        if mistake.id not in diagnosed and mistake.id not in content.pack.inherited
    ]


def _no_rules(sites: Sites) -> Finding:
    return sites.find(
        "no-rules",
        sites.files.get("pack.yaml"),
        ("name",),
        "the pack has no rules yet, so nobody is diagnosed with anything",
        hint="add one with `coach rules new --rules DIR`, or write a rules file beside pack.yaml",
        fallback="pack.yaml",
    )


def _read_refs(content: Content) -> set[str]:
    questionnaire = content.questionnaire
    conditions: list[Condition] = [rule.when for rule in content.pack.rules]
    conditions += [item.when for item in content.pack.strengths]
    conditions += [item.when for item in content.pack.checks]
    for section in questionnaire.sections:
        conditions += [section.when] if section.when is not None else []
        conditions += [q.when for q in section.questions if q.when is not None]
    read = {ref for condition in conditions for ref in refs_of(condition)}
    read |= set(content.pack.manifest.plan.months_in_role)
    for score in questionnaire.scores:
        if score.ref in read:
            read |= {item.removeprefix("-") for item in score.items}
    for score in reversed(questionnaire.scores):  # subscales feed totals defined later
        if score.ref in read:
            read |= {item.removeprefix("-") for item in score.items}
    return read


def _not_own(content: Content, sites: Sites) -> bool:
    """True when the pack reads coach's shipped questionnaire but is not the shipped pack."""
    located = sites.questionnaire
    if located is None or content.pack.root.resolve().is_relative_to(SHIPPED.resolve()):
        return False
    return Path(located.path).resolve().is_relative_to(SHIPPED.resolve())


def _unread_shipped(content: Content, sites: Sites, unread: list[str]) -> Finding:
    """One finding for the shipped questions a pack of one's own does not read (yet)."""
    shown = ", ".join(unread[:6]) + (f" and {len(unread) - 6} more" if len(unread) > 6 else "")
    return sites.find(
        "unread-question",
        sites.files.get("pack.yaml"),
        ("questionnaire",),
        f"{len(unread)} questions and scores of the shipped questionnaire "
        f"'{content.questionnaire.id}' are read by no rule of this pack, so their answers "
        f"change nothing here: {shown}",
        hint="fine while the pack grows; to ask fewer questions, copy the questionnaire into "
        "../questionnaires/ and drop them, or name a questionnaire of your own",
        fallback="pack.yaml",
        subject=content.questionnaire.id,
    )


def _unread_questions(content: Content, sites: Sites) -> list[Finding]:
    read = _read_refs(content)
    questionnaire = content.questionnaire
    located = sites.questionnaire
    if _not_own(content, sites):  # not the author's file to change: one finding, at pack.yaml
        unread = [
            q.ref
            for section in questionnaire.sections
            for q in section.questions
            if q.type != "text" and q.ref not in read  # free text is for the person
        ]
        unread += [score.ref for score in questionnaire.scores if score.ref not in read]
        return [_unread_shipped(content, sites, unread)] if unread else []
    findings = []
    for i, section in enumerate(questionnaire.sections):
        for j, question in enumerate(section.questions):
            if question.type == "text" or question.ref in read:
                continue  # free text is for the person and their coach, not for rules
            findings.append(
                sites.find(
                    "unread-question",
                    located,
                    ("sections", i, "questions", j, "id"),
                    f"no rule, score, strength, check or skip logic reads '{question.ref}': "
                    "its answer changes nothing",
                    hint="use it in a rule (or a score), or drop the question "
                    "so people are not asked for nothing",
                    fallback=questionnaire.id,
                    subject=question.ref,
                )
            )
    for k, score in enumerate(questionnaire.scores):
        if score.ref not in read:
            findings.append(
                sites.find(
                    "unread-question",
                    located,
                    ("scores", k, "id"),
                    f"no rule reads the score '{score.ref}'",
                    hint="use it in a rule, or remove it",
                    fallback=questionnaire.id,
                    subject=score.ref,
                )
            )
    return findings


def _unused_named_conditions(sites: Sites) -> list[Finding]:
    used: set[str] = set()
    defined: list[tuple[str, str]] = []
    for name, located in sites.files.items():
        data = located.data if isinstance(located.data, dict) else {}
        named = data.get("conditions")
        defined += [(name, str(key)) for key in (named if isinstance(named, dict) else {})]
        used |= _named_uses(data)
    return [
        sites.find(
            "unused-condition",
            sites.files[name],
            ("conditions", key),
            f"no rule uses the named condition '{key}'",
            hint="use it with `condition: " + key + "`, or delete it",
            subject=key,
        )
        for name, key in defined
        if key not in used
    ]


def _named_uses(data: object) -> set[str]:
    """Every `condition: name` written anywhere in raw YAML data."""
    if isinstance(data, dict):
        found = {str(v) for k, v in data.items() if k == "condition" and isinstance(v, str)}
        return found.union(*(_named_uses(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_named_uses(v) for v in data))
    return set()


def _care_without_notice(content: Content, sites: Sites) -> list[Finding]:
    """Rules that suggest a support or safety action with no "not a diagnosis" notice at all.

    Support and safety are the groups of pack.yaml `plan.outlive_dismissal`: they answer health,
    bullying and strain. A notice may come from the rule (`notice:`) or an action of it.
    """
    pack = content.pack
    groups = set(pack.manifest.plan.outlive_dismissal)
    notices = " or ".join(f"`notice: {n}`" for n in pack.manifest.notices) or "a `notice:`"
    findings = []
    for rule in pack.rules:
        caring = [pack.actions[a] for a in rule.actions if pack.actions[a].group in groups]
        if not caring or rule.notice or any(pack.actions[a].notice for a in rule.actions):
            continue
        titles = ", ".join(f"“{a.title}”" for a in caring)
        findings.append(
            sites.rule(
                "no-notice",
                rule.id,
                "actions",
                f"suggests {titles} ({caring[0].group}) but gives no notice: the report will "
                "not say that this is not a diagnosis, nor where to get help",
                hint=f"add {notices} to the rule (pack.yaml `notices:` says what each shows)",
            )
        )
    return findings


def _citations(content: Content, sites: Sites) -> list[Finding]:
    findings = []
    for rule in content.pack.rules:
        cited = {int(n) for group in CITATION.findall(rule.because) for n in group.split(",")}
        missing = sorted(cited - set(rule.sources))
        if not cited:
            listed = ", ".join(map(str, rule.sources))
            findings.append(
                sites.rule(
                    "citation",
                    rule.id,
                    "because",
                    "'because' cites no source: the person reading it cannot check the claim "
                    "against the research",
                    hint=f"end the sentence that makes the claim with [n], one of the rule's "
                    f"sources ({listed})",
                )
            )
        if missing:
            numbers = ", ".join(map(str, missing))
            findings.append(
                sites.rule(
                    "citation",
                    rule.id,
                    "because",
                    f"'because' cites [{numbers}] but `sources` lists only "
                    f"{', '.join(map(str, rule.sources))}",
                    hint=f"add {numbers} to the rule's sources, or fix the citation",
                )
            )
    return findings


def lint_engine(content: Content, sites: Sites) -> list[Finding]:
    """Whether the engine can run the pack, and how close it comes to its limits."""
    from coach.engine import planner
    from coach.engine.assess import engine_problems
    from coach.engine.rule import EngineRule

    located = sites.files.get("pack.yaml")
    rules = [EngineRule(r.id, r.priority, r.when) for r in content.pack.rules]
    try:
        plan = planner.plan(rules)
    except EngineError as error:
        hint = "split the rule into simpler rules, or move parts into named conditions"
        at_rules = [  # each rule the engine cannot run, at its `when:` (as validate says it)
            Finding("engine-limit", problem, hint) for problem in engine_problems(content)
        ]
        return at_rules or [
            sites.find(
                "engine-limit",
                located,
                ("name",),
                f"the rules engine cannot run this pack: {error.message}",
                severity="error",
                hint=hint,
                fallback="pack.yaml",
            )
        ]
    findings = []
    parts: dict[str, int] = {}
    for ruleset in plan.rulesets:
        for owner in ruleset.owners.values():
            parts[owner] = parts.get(owner, 0) + 1
    for rule_id, count in parts.items():
        if count >= NEAR * planner.MAX_PARTS_PER_RULE:
            findings.append(
                sites.rule(
                    "engine-limit",
                    rule_id,
                    "when",
                    f"rule '{rule_id}' needs {count} engine rules "
                    f"(the limit is {planner.MAX_PARTS_PER_RULE})",
                    hint="split it into simpler rules",
                )
            )
    total = sum(parts.values())
    if len(plan.rulesets) > 1 or total >= NEAR * planner.MAX_PARTS:
        findings.append(
            sites.find(
                "engine-limit",
                located,
                ("name",),
                f"the pack compiles to {total} engine rules in {len(plan.rulesets)} "
                f"ruleset(s) (one ruleset holds {planner.MAX_PARTS}); every assessment runs "
                "each ruleset, so it gets slower as the pack grows",
                hint="merge rules that differ only in their actions",
                fallback="pack.yaml",
            )
        )
    return findings


def _firm_without_effect(content: Content, sites: Sites) -> list[Finding]:
    """`soften: false` on a rule whose mistake no tenure stage holds back: it changes nothing."""
    held = {m for stage in content.pack.manifest.plan.tenure for m in stage.soften}
    return [
        sites.rule(
            "soften-no-effect",
            rule.id,
            "soften",
            f"`soften: false` changes nothing: no tenure stage of pack.yaml holds '{rule.mistake}' "
            "back early in the role",
            hint="remove it, or add the mistake to a stage's `soften:` in pack.yaml plan.tenure",
        )
        for rule in content.pack.rules
        if not rule.soften and rule.mistake not in held
    ]
