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
        "feed_consent_yes": "同意が必要な変更: あり",
        "in_force_period": "施行期間",
        "period_closed": "{start}から{end}まで",
        "period_open": "{start}から",
        "period_never": "施行されていません",
        "in_force_on": "ある日に施行されていた版を表示",
        "in_force_date": "日付",
        "in_force_show": "表示",
        "in_force_none": "{date}には、まだどの版も施行されていませんでした（最初の版の施行日は{first}です）。",
        "in_force_upcoming": "{date}は、{effective}に施行予定の版の対象です。この版はまだ施行されていません。",
        "in_force_nojs": "JavaScript が無効な場合は、下の一覧の施行期間から該当する版をお探しください。",
        "feed_consent_no": "同意が必要な変更: なし",
        "feed_consent_clauses": "同意が必要な変更: {clauses}",
        "list_separator": "、",
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
        "feed_consent_yes": "Changes requiring users' consent: yes",
        "in_force_period": "In force",
        "period_closed": "{start} to {end}",
        "period_open": "from {start}",
        "period_never": "never in force",
        "in_force_on": "Show the version in force on a day",
        "in_force_date": "Date",
        "in_force_show": "Show",
        "in_force_none": "No version was in force yet on {date} (the first took effect on {first}).",
        "in_force_upcoming": "{date} is covered by the version taking effect on {effective}, which is not yet in force.",
        "in_force_nojs": "Without JavaScript, find the version whose period in force holds the day in the list below.",
        "feed_consent_no": "Changes requiring users' consent: none",
        "feed_consent_clauses": "Changes requiring users' consent: {clauses}",
        "list_separator": ", ",
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
