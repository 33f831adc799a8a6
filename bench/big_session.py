"""Write a scenario that builds a months-old session, for `itms-tui --setup` and the app benchmark.

    python bench/big_session.py /tmp/big.yaml                  # 10,000 texts, ≥ 5,000 audit entries
    itms-tui --setup /tmp/big.yaml --db /tmp/big/session.json   # the session, opened in the app

One conversation (Jane Doe's number, opted in) holds `--texts` texts, consumer and agent in turn.
A second number of the same account gathers the audit entries: each round opts it out (STOP),
back in (SIGNUP, YES) and has the agent try a text while it is awaiting YES (refused), so about
six audit entries and four texts per round; there are enough rounds for `--audit` entries. The
clock moves a minute between texts, so the conversation spans weeks of simulated time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

JANE, LEE = "+16175550101", "+16175550102"
AUDIT_PER_ROUND = 6  # STOP (opt-out), SIGNUP (request), YES (opted in), refused text ×1, …

WORLD = f"""\
world:
  company: {{name: Harbor Point Recovery, phone: "+18005550100",
            va_url: "https://pay.harborpoint.example/va", timezone: America/New_York}}
  clock: "2026-03-02T09:00:00-05:00"
  settings: {{send_window: "00:00-24:00"}}
  clients:
    - {{id: MED, name: Acme Medical Group, business_type: medical, auto_opt_in: false}}
  accounts:
    - {{id: "1001", consumer: Jane Doe, client: MED, balance: 1250.00,
       phones: ["{JANE}", "{LEE}"]}}
  consent: {{"{JANE}": opted_in, "{LEE}": opted_in}}
"""


def scenario(texts: int, audit: int) -> str:
    lines = ["name: A months-old session", "description: >-",
             f"  {texts} texts in one conversation and at least {audit} audit entries "
             "(bench/big_session.py).", "tags: [bench]", "steps:"]
    for n in range(texts // 2):
        lines.append(f'  - {{consumer: "Question {n} about my balance", from: "{JANE}"}}')
        lines.append(f'  - {{agent: send_text, account: "1001", phone: "{JANE}", '
                     f'text: "Answer {n}: your balance is unchanged."}}')
        lines.append("  - advance: 1m")
    for _ in range(-(-audit // AUDIT_PER_ROUND)):
        lines.append(f'  - {{consumer: STOP, from: "{LEE}"}}')
        lines.append(f'  - {{consumer: SIGNUP, from: "{LEE}"}}')
        lines.append(f'  - {{agent: send_text, account: "1001", phone: "{LEE}", text: "Hi", '
                     "expect_error: not_opted_in}")
        lines.append(f'  - {{agent: opt_out, account: "1001", phone: "{LEE}"}}')
        lines.append(f'  - {{consumer: SIGNUP, from: "{LEE}"}}')
        lines.append(f'  - {{consumer: "YES", from: "{LEE}"}}')
    return "\n".join(lines) + "\n" + WORLD


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the scenario file to write")
    parser.add_argument("--texts", type=int, default=10_000,
                        help="texts in the one conversation (default 10,000)")
    parser.add_argument("--audit", type=int, default=5_000,
                        help="audit entries at least (default 5,000)")
    args = parser.parse_args()
    args.out.write_text(scenario(args.texts, args.audit), encoding="utf-8")
    print(f"wrote {args.out}; make the session with: itms-tui --setup {args.out} --db PATH")


if __name__ == "__main__":
    main()
