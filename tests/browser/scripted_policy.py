"""A scripted two-language policy history for the browser tests.

Four revisions in Japanese and English, written for these tests (not the real policy):

- 2017-05-10 established;
- 2020-04-01 amends 2.1 and 3.1.2 (inline changes), then a correction of a typo in 5.1;
- 2022-10-01 inserts a new 3.1.2, so the old 3.1.2 and 3.1.3 are renumbered, not amended;
- 2027-01-01 upcoming on the tests' build date (2026-11-29): a three-clause change (amends 1.2 and
  4.1, adds 4.2) whose consent is required for two provisions, `consent_required: [4.1, 4.2]`.
"""

from __future__ import annotations

from conftest import PolicyRepo, policy_text

AS_OF = "2026-11-29"
IN_FORCE = "2022-10-01"
AMENDMENT = "2020-04-01"
UPCOMING = "2027-01-01"
CONSENT_CLAUSES = ("4.1", "4.2")
REVISIONS = ("2017-05-10", AMENDMENT, IN_FORCE, UPCOMING)

JA = {
    "preamble": "当社は、利用者の個人情報を大切に取り扱い、その保護に努めます。",
    "1.1": "1.1. 「個人情報」とは、生存する個人に関する情報であって、特定の個人を識別できるものをいいます。",
    "1.2": "1.2. 「利用者」とは、本サービスを利用する全ての方をいいます。",
    "2.1": "2.1. 当社は、本サービスの登録時に氏名及びメールアドレスを取得します。",
    "3.1": "3.1. 当社は、次の目的のために個人情報を利用します。",
    "purpose-service": "本サービスを提供し、維持するため",
    "purpose-contact": "お問い合わせに回答するため",
    "purpose-notice": "規約の変更を通知するため",
    "4.1": "4.1. 当社は、法令に基づく場合を除き、利用者の同意なく個人情報を第三者に提供しません。",
    "5.1": "5.1. 個人情報の取扱いに関するお問い合わせは、当社の窓口までご連絡ください。",
    "headings": ("定義", "取得する情報", "利用目的", "第三者提供", "お問い合わせ"),
}
EN = {
    "preamble": "The Company handles the personal information of its users with care and protects it.",
    "1.1": "1.1. \u201cPersonal information\u201d means information about a living individual that identifies that individual.",
    "1.2": "1.2. \u201cUser\u201d means anyone who uses the Service.",
    "2.1": "2.1. The Company collects the name and email address of a user when the user registers.",
    "3.1": "3.1. The Company uses personal information for the following purposes.",
    "purpose-service": "to provide and maintain the Service",
    "purpose-contact": "to answer enquiries",
    "purpose-notice": "to give notice of changes to the terms",
    "4.1": "4.1. The Company does not provide personal information to third parties without consent, except as required by law.",
    "5.1": "5.1. Enquiries about the handling of personal information may be sent to the Company's contact desk.",
    "headings": ("Definitions", "Information collected", "Purposes of use", "Provision to third parties", "Enquiries"),
}


def body(words: dict, *, purposes: list[str], replace: dict[str, str] | None = None) -> str:
    """The policy body: a preamble, five articles, article 3 with numbered purposes."""
    text = dict(words, **(replace or {}))
    h = text["headings"]
    items = "\n\n".join(f"3.1.{i}. {purpose}" for i, purpose in enumerate(purposes, start=1))
    return (
        f"{text['preamble']}\n\n"
        f"## 1. {h[0]}\n\n{text['1.1']}\n\n{text['1.2']}\n\n"
        f"## 2. {h[1]}\n\n{text['2.1']}\n\n"
        f"## 3. {h[2]}\n\n{text['3.1']}\n\n{items}\n\n"
        f"## 4. {h[3]}\n\n{text['4.1']}\n\n"
        + (f"{text['4.2']}\n\n" if "4.2" in text else "")
        + f"## 5. {h[4]}\n\n{text['5.1']}\n"
    )


def write_history(repo: PolicyRepo) -> None:
    """Commit the four revisions (and one correction) in both languages."""
    ja_title, en_title = "プライバシーポリシー", "Privacy Policy"

    def both(effective: str, summaries: tuple[str, str], ja_body: str, en_body: str, **kw) -> dict[str, str]:
        return {
            "docs/ja/privacy.md": policy_text(effective, ja_body, title=ja_title, summary=summaries[0], **kw),
            "docs/en/privacy.md": policy_text(effective, en_body, title=en_title, summary=summaries[1], **kw),
        }

    ja_purposes = [JA["purpose-service"], JA["purpose-contact"], JA["purpose-notice"]]
    en_purposes = [EN["purpose-service"], EN["purpose-contact"], EN["purpose-notice"]]
    repo.commit(
        "Establish the privacy policy",
        "2017-05-08T10:00:00+09:00",
        both("2017-05-10", ("制定", "Established"), body(JA, purposes=ja_purposes), body(EN, purposes=en_purposes)),
    )

    ja_amended = {"2.1": "2.1. 当社は、本サービスの登録時に氏名、メールアドレス及び電話番号を取得します。"}
    en_amended = {
        "2.1": "2.1. The Company collects the name, email address and telephone number of a user when the user registers."
    }
    ja_purposes[1] = "お問い合わせ及び苦情に回答するため"
    en_purposes[1] = "to answer enquiries and complaints"
    typo = {"5.1": JA["5.1"].replace("窓口", "窓囗")}
    repo.commit(
        "Revise 2.1 and 3.1.2",
        "2020-03-25T10:00:00+09:00",
        both(
            AMENDMENT,
            ("電話番号の取得と苦情対応を追加", "Telephone numbers and complaints added"),
            body(JA, purposes=ja_purposes, replace={**ja_amended, **typo}),
            body(EN, purposes=en_purposes, replace=en_amended),
        ),
    )
    repo.commit(
        "Correct a typo in 5.1",
        "2020-04-02T10:00:00+09:00",
        {
            "docs/ja/privacy.md": policy_text(
                AMENDMENT,
                body(JA, purposes=ja_purposes, replace=ja_amended),
                title=ja_title,
                summary="電話番号の取得と苦情対応を追加",
            ),
        },
    )

    ja_purposes.insert(1, "本サービスの改善のための分析を行うため")
    en_purposes.insert(1, "to analyse how the Service is used in order to improve it")
    repo.commit(
        "Insert 3.1.2 (analysis)",
        "2022-09-20T10:00:00+09:00",
        both(
            IN_FORCE,
            ("分析目的を追加", "Analysis added as a purpose"),
            body(JA, purposes=ja_purposes, replace=ja_amended),
            body(EN, purposes=en_purposes, replace=en_amended),
        ),
    )

    ja_sharing = {
        "1.2": "1.2. 「利用者」とは、本サービスを利用する全ての方（法人を含みます。）をいいます。",
        "4.1": "4.1. 当社は、法令に基づく場合及び業務委託先に提供する場合を除き、利用者の同意なく個人情報を第三者に提供しません。",
        "4.2": "4.2. 当社は、利用者の同意を得て、個人情報を提携先と共同して利用することがあります。",
    }
    en_sharing = {
        "1.2": "1.2. \u201cUser\u201d means anyone, including a corporation, who uses the Service.",
        "4.1": "4.1. The Company does not provide personal information to third parties without consent, except as required by law or to its contractors.",
        "4.2": "4.2. With a user's consent, the Company may use personal information jointly with its partners.",
    }
    repo.commit(
        "Announce the 2027 revision",
        "2026-11-20T10:00:00+09:00",
        both(
            UPCOMING,
            ("業務委託先への提供", "Provision to contractors"),
            body(JA, purposes=ja_purposes, replace={**ja_amended, **ja_sharing}),
            body(EN, purposes=en_purposes, replace={**en_amended, **en_sharing}),
            extra="consent_required: [4.1, 4.2]",
        ),
    )
