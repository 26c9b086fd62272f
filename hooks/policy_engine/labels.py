"""Words the generated pages use, in each site language, and localised dates (Babel)."""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date, format_time

from .cache import clear_with_the_rest

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "history": "改定履歴",
        "history_of": "{title}の改定履歴",
        "revision_title": "{title}（{date}施行）",
        "changes_title": "{title}の改定内容（{date}施行）",
        "since_title": "{date}施行版から現行版までの変更",
        "effective": "施行日",
        "posted": "掲載日",
        "status": "状態",
        "summary": "改定の概要",
        "in-force": "現行",
        "superseded": "旧版",
        "upcoming": "施行予定",
        "draft": "下書き（未公開）",
        "postponed": "施行延期",
        "withdrawn": "撤回",
        "as_recorded": "（記録による）",
        "postponed_line": "{date}、施行日を{to}に延期しました。",
        "withdrawn_line": "{date}、この改定を撤回しました（施行されません）。",
        "abandon_reason": "理由：",
        "banner_postponed": "これは{date}に施行予定として告知された版ですが、施行日が延期されたため、この日には施行されません。",
        "banner_withdrawn": "これは{date}に施行予定として告知された版ですが、撤回されたため、施行されません。",
        "consent": "同意が必要な変更",
        "corrections": "訂正",
        "correction_line": "{date} 訂正（{commit}）",
        "full_text": "全文",
        "changes": "改定内容",
        "since": "現行版までの全変更",
        "established": "制定日",
        "last_revised": "最終改定日",
        "see_history": "改定履歴を見る",
        "upcoming_notice": "本ポリシーは{date}に改定され、改定後の内容が同日から適用されます。",
        "upcoming_link": "改定内容を見る",
        "consent_notice": "この改定は、法令上、利用者の同意が必要な変更を含みます。",
        "banner_in_force": "これは{date}から施行されている現行版です。",
        "banner_superseded": "これは{date}に施行された旧版です。現在は効力を有しません。",
        "banner_upcoming": "これは{date}に施行される予定の版です。現在はまだ効力を有しません。",
        "banner_draft": "これは未公開の下書きです。公開も施行もされていません。",
        "current_link": "現行版を見る",
        "no_changes_first": "これは最初の版（制定）のため、比較する旧版はありません。",
        "new_column": "改正後",
        "old_column": "改正前",
        "changed_note": "（傍線部分は改正部分）",
        "table_caption": "新旧対照表",
        "redline": "変更箇所を本文中に表示",
        "unchanged_clauses": "変更のない条項（{count}件）",
        "added_mark": "（新設）",
        "removed_mark": "（削除）",
        "status_added": "新設",
        "status_removed": "削除",
        "status_amended": "改正",
        "status_renumbered": "番号変更",
        "status_unchanged": "変更なし",
        "compared": "{old}施行版と{new}施行版の比較",
        "changes_count": "新設{added}件、削除{removed}件、改正{amended}件、番号変更{renumbered}件",
        "no_difference": "条項の文言に変更はありません。",
        "preamble": "前文",
        "article": "第{number}条",
        "feed": "改定履歴のフィード（Atom）",
        "api": "改定履歴のデータ（JSON）",
        "no_history": "この版は git の履歴なしでビルドされたため、改定履歴を表示できません。",
        "number_was": "旧{number}",
    },
    "en": {
        "history": "Revision history",
        "history_of": "Revision history of the {title}",
        "revision_title": "{title} (effective {date})",
        "changes_title": "Changes to the {title} (effective {date})",
        "since_title": "Changes from the version effective {date} to the current one",
        "effective": "Effective",
        "posted": "Posted",
        "status": "Status",
        "summary": "Summary",
        "in-force": "In force",
        "superseded": "Superseded",
        "upcoming": "Upcoming",
        "postponed": "Postponed",
        "withdrawn": "Withdrawn",
        "as_recorded": " (as recorded)",
        "postponed_line": "On {date} its effective date was postponed to {to}.",
        "withdrawn_line": "On {date} this revision was withdrawn; it will not take effect.",
        "abandon_reason": "Reason: ",
        "banner_postponed": "This version was announced to take effect on {date}, but its effective date was postponed; it does not take effect on that day.",
        "banner_withdrawn": "This version was announced to take effect on {date}, but it was withdrawn and will not take effect.",
        "draft": "Draft (not published)",
        "consent": "Requires user consent",
        "corrections": "Corrections",
        "correction_line": "Corrected {date} ({commit})",
        "full_text": "Full text",
        "changes": "Changes",
        "since": "All changes up to the current version",
        "established": "Established",
        "last_revised": "Last revised",
        "see_history": "See the revision history",
        "upcoming_notice": "This policy will be revised on {date}; the revised text applies from that day.",
        "upcoming_link": "See the changes",
        "consent_notice": "This revision contains a change that by law requires users' consent.",
        "banner_in_force": "This is the current version, in force since {date}.",
        "banner_superseded": "This is a superseded version that took effect on {date}. It is no longer in force.",
        "banner_upcoming": "This version takes effect on {date}. It is not yet in force.",
        "banner_draft": "This is an unpublished draft. It has not been posted and is not in force.",
        "current_link": "See the current version",
        "no_changes_first": "This is the first version (the policy was established), so there is nothing to compare.",
        "new_column": "New",
        "old_column": "Old",
        "changed_note": "(Changed parts are underlined.)",
        "table_caption": "Comparison of new and old text",
        "redline": "Changes marked in the text",
        "unchanged_clauses": "Unchanged clauses ({count})",
        "added_mark": "(New clause)",
        "removed_mark": "(Deleted)",
        "status_added": "Added",
        "status_removed": "Removed",
        "status_amended": "Amended",
        "status_renumbered": "Renumbered",
        "status_unchanged": "Unchanged",
        "compared": "Comparing the version effective {old} with the version effective {new}",
        "changes_count": "{added} added, {removed} removed, {amended} amended, {renumbered} renumbered",
        "no_difference": "No clause wording changed.",
        "preamble": "Preamble",
        "article": "Article {number}",
        "feed": "Revision feed (Atom)",
        "api": "Revision data (JSON)",
        "no_history": "This copy was built without git history, so the revision history cannot be shown.",
        "number_was": "formerly {number}",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


@functools.lru_cache(maxsize=8_192)  # Babel is slow, and every page repeats the same few dates
def long_date(day: dt.date, lang: str) -> str:
    """2017年5月10日 / May 10, 2017."""
    return format_date(day, format="long", locale=lang)


clear_with_the_rest(long_date.cache_clear)


def long_datetime(moment: dt.datetime, lang: str, timezone: str) -> str:
    """A commit time in the site's time zone, the date as `long_date` has it: 2017年5月10日 18:00 / May 10, 2017 18:00."""
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo(timezone))
    return f"{long_date(local.date(), lang)} {format_time(local, format='HH:mm', locale=lang)}"
