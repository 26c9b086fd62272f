"""Words the generated pages use, in each site language, localised dates (Babel) and provision labels.

One catalog per language (`LABELS`), the side-by-side pages' words included; the names of
languages come from Babel (`language_name`). One vocabulary (CONTRIBUTING.md, "Words we use"): this is a company policy, so it is 改定 (not
改正, which is for statutes): 改定後 / 改定前, 「傍線部分は改定部分」; taking effect is 施行 / 施行日.
Japanese labels use full-width punctuation (「施行日：」, 「（旧第5条）」); English labels name the
unit ("formerly article 5", "clause 3.1.2").
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

from .cache import clear_with_the_rest

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "colon": "：",
        "history": "改定履歴",
        "history_of": "{title}の改定履歴",
        "revision_title": "{title}（{date}施行）",
        "changes_title": "{title}の改定内容（{date}施行）",
        "since_title": "{date}施行版から現行版までの変更",
        "effective": "施行日",
        "posted": "掲載日",
        "timezone_note": "（日本時間）",
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
        "consent": "同意が必要な改定",
        "corrections": "訂正",
        "correction_line": "{date} 訂正（{commit}）",
        "correction_what": "訂正箇所",
        "paren_open": "（",
        "paren_close": "）",
        "backdated": "施行日を掲載日より前とした理由",
        "full_text": "全文",
        "changes": "改定内容",
        "since": "現行版までの全変更",
        "established": "制定日",
        "last_revised": "最終改定日",
        "see_history": "改定履歴を見る",
        "upcoming_notice": "本ポリシーは{date}に改定されます（同日施行）。",
        "upcoming_link": "改定内容を見る",
        "recently_revised": "本ポリシーは{date}に改定されました。",
        "consent_notice": "この改定は、法令上、利用者の同意が必要となる変更を含みます。",
        "consent_whole": "第7条により、この改定は、当社所定の方法により同意をいただいた利用者についてのみ、"
        "その同意の時から適用されます。",
        "consent_clauses": "第7条により、{provisions}の改定は、当社所定の方法により同意をいただいた利用者に"
        "ついてのみ、その同意の時から適用されます。その他の改定部分は施行日（{date}）から"
        "適用されます。",
        "consent_row": "同意が必要",
        "corrected_row": "掲載後の訂正（改定ではありません）",
        "banner_in_force": "これは{date}から施行されている現行版です。",
        "banner_superseded": "これは{date}に施行された旧版です。現在は効力を有しません。",
        "banner_upcoming": "これは{date}に施行される予定の版です。現在はまだ効力を有しません。",
        "banner_draft": "これは未公開の下書きです。公開も施行もされていません。",
        "period": "施行期間",
        "period_in_force": "{start}から現在まで",
        "period_superseded": "{start}から{end}まで",
        "period_upcoming": "{start}から（施行予定）",
        "current_link": "現行版を見る",
        "no_changes_first": "これは最初の版（制定）のため、比較する旧版はありません。",
        "new_column": "改定後",
        "old_column": "改定前",
        "current_column": "現行（{date}施行）",
        "version_column": "{date}施行版",
        "changed_note": "（傍線部分は改定部分）",
        "table_caption": "新旧対照表",
        "redline": "変更箇所を本文中に表示",
        "omitted": "（略）",
        "added_mark": "（新設）",
        "removed_mark": "（削除）",
        "status_added": "新設",
        "status_removed": "削除",
        "status_amended": "改定",
        "status_renumbered": "番号変更",
        "status_unchanged": "変更なし",
        "compared": "{old}施行版と{new}施行版の比較",
        "changes_count": "新設{added}件、削除{removed}件、改定{amended}件、番号変更{renumbered}件",
        "no_difference": "条項の文言に変更はありません。",
        "supplementary": "附則",
        "takes_effect": "この改定は、{date}から施行する。",
        "in_between": "この間の改定",
        "preamble": "前文",
        "article": "第{number}条",
        "range": "{first}～{last}",
        "feed": "改定履歴のフィード（Atom）",
        "api": "改定履歴のデータ（JSON）",
        "no_history": "この版は git の履歴なしでビルドされたため、改定履歴を表示できません。",
        "number_was": "（旧{label}）",
        "and": "及び",
        "list_sep": "、",
        "reference_translation": "",
        "read_japanese": "",
        "home_in_force": "現行版：{date}施行",
        "home_upcoming": "施行予定の改定：{date}施行",
        "in_force_on": "ある日に施行されていた版を表示",
        "upcoming_column": "施行予定（{date}施行）",
        "to_upcoming_title": "{old}施行版から{new}施行予定版までの変更",
        "to_upcoming_link": "{date}施行予定版までの全変更",
        "compare_option": "{version}（{status}）",
        "compare_heading": "二つの版を比較",
        "compare_old": "比較元（旧）",
        "compare_new": "比較先（新）",
        "compare_go": "比較する",
        "compare_same": "異なる二つの版を選んでください。",
        "compare_missing": "この組合せの比較表は公開していません。最も近い比較表:",
        "compare_nojs": "JavaScript が無効な場合は、下の一覧の各版の「改定内容」「現行版までの全変更」から比較表をご覧ください。",
        "clause_histories_title": "{title}の条項ごとの改定履歴",
        "clause_history_intro": "条項ごとに、改定で文言が変わった版とその施行日を新しい順に示します（傍線は追加、取消線は削除された部分）。番号が変わった条項も一つの履歴として続けて示します。",
        "clause_history_link": "この条項の改定履歴",
        "clause_history_short": "履歴",
        "clause_histories": "条項ごとの改定履歴",
        "clause_in_text": "現行版の本文で見る",
        "effective_suffix": "施行",
        "clause_numbers": "番号の変遷: {numbers}",
        "in_force_date": "日付",
        "in_force_show": "表示",
        "in_force_none": "{date}には、まだどの版も施行されていませんでした（最初の版の施行日は{first}です）。",
        "in_force_upcoming": "{date}は、{effective}に施行予定の版の対象です。この版はまだ施行されていません。",
        "in_force_nojs": "JavaScript が無効な場合は、下の一覧の施行期間から該当する版をお探しください。",
        "feed_consent_no": "同意が必要な変更：なし",
        # The side-by-side pages and the notices of a revision in one language only.
        "bilingual": "日英対照",
        "bilingual_title": "{title}（日英対照）",
        "bilingual_revision_title": "{title}（日英対照・{date}施行）",
        "column_original": "{lang}（正文）",
        "column_translation": "{lang}（参考訳）",
        "prevails": "本ポリシーは日本語を正文とし、英語版は参考訳です。両者に相違がある場合は日本語版が優先します。",
        "showing": "{date}施行の版を表示しています。",
        "translation_missing": "翻訳なし",
        "original_missing": "原文なし",
        "missing_translation_revision": "この版には{lang}版がありません。{other}の条文のみを表示します。",
        "stale": "翻訳未更新の可能性",
        "stale_detail": "この版では、この条項の{changed}の文言のみが改定されています。",
        "no_revision": "表示できる版がありません。",
        "one_language_title": "{title}（{date}施行）：{lang}版なし",
        "one_language_no_revision": "{date}施行の版には{lang}版がありません。{other}の条文と対照表をご覧ください。",
        "one_language_first": "{date}施行の{lang}版は最初の{lang}版のため、比較する旧版はありません。{other}版の改定内容をご覧ください。",
        "one_language_current": "{date}施行の{lang}版は現在も{lang}版の現行版で、その後{lang}版は変更されていません。{other}版の変更をご覧ください。",
        "read_in_other": "{other}版を読む",
    },
    "en": {
        "colon": ": ",
        "history": "Revision history",
        "history_of": "Revision history of the {title}",
        "revision_title": "{title} (effective {date})",
        "changes_title": "Changes to the {title} (effective {date})",
        "since_title": "Changes from the version effective {date} to the current one",
        "effective": "Effective",
        "posted": "Posted",
        "timezone_note": " JST",
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
        "correction_what": "corrected",
        "paren_open": "(",
        "paren_close": ")",
        "backdated": "Why the effective date precedes the posting",
        "full_text": "Full text",
        "changes": "Changes",
        "since": "All changes up to the current version",
        "established": "Established",
        "last_revised": "Last revised",
        "see_history": "See the revision history",
        "upcoming_notice": "This policy will be revised; the revision takes effect on {date}.",
        "upcoming_link": "See the changes",
        "recently_revised": "This policy was revised on {date}.",
        "consent_notice": "This revision contains a change that by law requires users' consent.",
        "consent_whole": "Under Article 7, this revision applies to a user only once that user has consented "
        "in the manner the Company prescribes, from the time of that consent.",
        "consent_clauses": "Under Article 7, the changes to {provisions} apply to a user only once that user has "
        "consented in the manner the Company prescribes, from the time of that consent. The "
        "rest of the revision takes effect on the effective date ({date}).",
        "consent_row": "Requires consent",
        "corrected_row": "Corrected after posting (not part of the revision)",
        "banner_in_force": "This is the current version, in force since {date}.",
        "banner_superseded": "This is a superseded version that took effect on {date}. It is no longer in force.",
        "banner_upcoming": "This version takes effect on {date}. It is not yet in force.",
        "banner_draft": "This is an unpublished draft. It has not been posted and is not in force.",
        "period": "In force",
        "period_in_force": "since {start}",
        "period_superseded": "from {start} to {end}",
        "period_upcoming": "upcoming: from {start}",
        "current_link": "See the current version",
        "no_changes_first": "This is the first version (the policy was established), so there is nothing to compare.",
        "new_column": "New",
        "old_column": "Old",
        "current_column": "Current (effective {date})",
        "version_column": "Version effective {date}",
        "changed_note": "(Changed parts are underlined.)",
        "table_caption": "Comparison of new and old text",
        "redline": "Changes marked in the text",
        "omitted": "(unchanged; omitted)",
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
        "supplementary": "Supplementary provision",
        "takes_effect": "This revision takes effect on {date}.",
        "in_between": "Revisions in between",
        "preamble": "Preamble",
        "article": "Article {number}",
        "range": "{first} to {last}",
        "feed": "Revision feed (Atom)",
        "api": "Revision data (JSON)",
        "no_history": "This copy was built without git history, so the revision history cannot be shown.",
        "number_was": "(formerly {label})",
        "and": " and ",
        "list_sep": ", ",
        "reference_translation": "This English text is a reference translation. The Japanese text is the "
        "original and prevails if the two differ.",
        "read_japanese": "Read the Japanese text of this version",
        "home_in_force": "In force: the version effective {date}",
        "home_upcoming": "Upcoming revision: effective {date}",
        "in_force_on": "Show the version in force on a day",
        "upcoming_column": "Upcoming (effective {date})",
        "to_upcoming_title": "Changes from the version effective {old} to the upcoming version effective {new}",
        "to_upcoming_link": "All changes up to the version effective {date}",
        "compare_option": "{version} ({status})",
        "compare_heading": "Compare two versions",
        "compare_old": "From (older)",
        "compare_new": "To (newer)",
        "compare_go": "Compare",
        "compare_same": "Choose two different versions.",
        "compare_missing": "This pair is not published as a comparison. The nearest published comparison:",
        "compare_nojs": "Without JavaScript, use the changes links of each version in the list below.",
        "clause_histories_title": "History of each clause of the {title}",
        "clause_history_intro": "For each clause, the versions whose wording changed and the day each took effect, newest first (added words underlined, deleted words struck through). A renumbered clause keeps one history across its numbers.",
        "clause_history_link": "History of this clause",
        "clause_history_short": "History",
        "clause_histories": "History of each clause",
        "clause_in_text": "See it in the current text",
        "effective_suffix": "(effective)",
        "clause_numbers": "Numbers over time: {numbers}",
        "in_force_date": "Date",
        "in_force_show": "Show",
        "in_force_none": "No version was in force yet on {date} (the first took effect on {first}).",
        "in_force_upcoming": "{date} is covered by the version taking effect on {effective}, which is not yet in force.",
        "in_force_nojs": "Without JavaScript, find the version whose period in force holds the day in the list below.",
        "feed_consent_no": "Changes requiring users' consent: none",
        # The side-by-side pages and the notices of a revision in one language only.
        "bilingual": "Japanese and English",
        "bilingual_title": "{title}: Japanese and English",
        "bilingual_revision_title": "{title}: Japanese and English (effective {date})",
        "column_original": "{lang} (original)",
        "column_translation": "{lang} (translation)",
        "prevails": "The Japanese text is the original; the English version is a reference translation. "
        "If they differ, the Japanese text prevails.",
        "showing": "Showing the version effective {date}.",
        "translation_missing": "translation missing",
        "original_missing": "original missing",
        "missing_translation_revision": "This revision has no {lang} text; only the {other} text is shown.",
        "stale": "translation may be out of date",
        "stale_detail": "In this revision only the {changed} text of this clause changed.",
        "no_revision": "There is no revision to show.",
        "one_language_title": "{title} (effective {date}): no {lang} text",
        "one_language_no_revision": "The revision effective {date} has no {lang} text. Read the {other} text, "
        "or both side by side.",
        "one_language_first": "The {lang} text effective {date} is the first {lang} version, so there is no "
        "earlier {lang} text to compare. Read the changes to the {other} text.",
        "one_language_current": "The {lang} text effective {date} is still the current {lang} version; it has "
        "not changed since. Read the changes to the {other} text.",
        "read_in_other": "Read the {other} text",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The words of `lang`'s pages (English for a language without its own)."""
    return LABELS.get(lang, LABELS["en"])


@functools.lru_cache(maxsize=64)
def language_name(code: str, lang: str) -> str:
    """What a reader of `lang` calls the language `code`, from Babel's (CLDR's) names: the same
    words the pages always showed (日本語 / 英語 on Japanese pages, Japanese / English on English ones).

    >>> language_name("en", "ja"), language_name("ja", "ja"), language_name("ja", "en")
    ('英語', '日本語', 'Japanese')
    """
    try:
        return Locale.parse(code).get_language_name(lang if lang in LABELS else "en") or code
    except (ValueError, UnknownLocaleError):
        return code  # a language Babel does not know is named by its code


_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"


def provision_label(number: str | None, key: str, lang: str) -> str:
    """What a reader of `lang` calls a provision, from its decimal number (anchors keep the number).

    Japanese follows statute style: article, paragraph (項), item (号), then イロハ and (1):

    >>> provision_label("3.1.2", "3.1.2", "ja"), provision_label("4", "4", "ja")
    ('第3条第1項第2号', '第4条')
    >>> provision_label("3.1.2.1", "3.1.2.1", "ja")
    '第3条第1項第2号イ'
    >>> provision_label("3.1.2", "3.1.2", "en"), provision_label("5", "5", "en")
    ('clause 3.1.2', 'article 5')

    The preamble is 前文 / "the preamble"; text outside the numbering keeps its key.
    """
    if key == "preamble" and number is None:
        return "前文" if lang == "ja" else "the preamble"
    if not number:
        return key
    if lang != "ja":
        return f"article {number}" if "." not in number else f"clause {number}"
    parts = number.split(".")
    label = f"第{parts[0]}条"
    for depth, part in enumerate(parts[1:], start=2):
        if depth == 2:
            label += f"第{part}項"
        elif depth == 3:
            label += f"第{part}号"
        elif depth == 4 and part.isdigit() and 0 < int(part) <= len(_IROHA):
            label += _IROHA[int(part) - 1]
        else:
            label += f"（{part}）"
    return label


def capitalised(text: str) -> str:
    """`article 5` -> `Article 5` at the start of an English sentence or cell (Japanese is unchanged)."""
    return text[:1].upper() + text[1:]


def provision_list(labels_: list[str], lang: str) -> str:
    """`第3条第2項第4号及び第4条第4項`, `clause 3.2.4 and clause 4.4`; three or more: `A、B及びC`."""
    words = labels(lang)
    if len(labels_) <= 1:
        return "".join(labels_)
    return words["list_sep"].join(labels_[:-1]) + words["and"] + labels_[-1]


@functools.lru_cache(maxsize=8_192)  # Babel is slow, and every page repeats the same few dates
def long_date(day: dt.date, lang: str) -> str:
    """2017年5月10日 / May 10, 2017."""
    return format_date(day, format="long", locale=lang)


clear_with_the_rest(long_date.cache_clear)


@functools.lru_cache(maxsize=8_192)  # every build names the same commits' times again (Babel is slow)
def long_datetime(moment: dt.datetime, lang: str, timezone: str) -> str:
    """A commit time in the site's time zone, with the zone named, the date as `long_date` has it:
    2017年5月10日 18:00（日本時間） / May 10, 2017, 18:00 JST (for Asia/Tokyo; other zones by abbreviation)."""
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo(timezone))
    time = format_time(local, format="HH:mm", locale=lang)
    if timezone == "Asia/Tokyo":
        zone = labels(lang)["timezone_note"]
    else:
        zone = f"（{local.tzname()}）" if lang == "ja" else f" {local.tzname()}"
    return f"{long_date(local.date(), lang)} {time}{zone}"


clear_with_the_rest(long_datetime.cache_clear)
