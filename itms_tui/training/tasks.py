"""The trainee's tasks: the agent and supervisor steps of a scenario, said in plain words.

A step's `task:` is used as written; without it a task is derived from the step ("Get Jane
Doe's number 617-555-0101 opted in with a PIN"). A step's `hint:` likewise, else a hint is
derived that names the desk's keys.
"""

from __future__ import annotations

from typing import Protocol

from ..core.models import Account
from ..core.names import ERROR_SENTENCES, ConsentState, ErrorCode
from ..core.phones import InvalidPhone, format_national, normalise_phone
from ..scenarios.scenario import Step
from ..scenarios.runner import PIN_PLACEHOLDER
from .mistakes import KINDS

#: Step kinds the trainee performs; every other step plays by itself.
TASK_KINDS = frozenset({"agent", "supervisor"})


class Accounts(Protocol):
    """What a task needs to know of the world (an `ItmsService` is one)."""

    def account(self, account_id: str) -> Account | None: ...

    def accounts_for(self, number: str) -> list[Account]: ...


def is_task(step: Step) -> bool:
    return step.kind in TASK_KINDS


def phone_text(number: str) -> str:
    """A number as a trainee reads it: `617-555-0101` for a US number, else international."""
    if number.startswith("+1") and len(number) == 12 and number[1:].isdigit():
        return f"{number[2:5]}-{number[5:8]}-{number[8:]}"
    try:
        return format_national(number)
    except InvalidPhone:
        return number


def _typed_phone(text: str) -> str:
    try:
        return phone_text(normalise_phone(text))
    except InvalidPhone:
        return text


def refusal_reason(code: str) -> str:
    """Why the desk refuses, in the trainee's words (never the error code itself)."""
    try:
        sentence = ERROR_SENTENCES[ErrorCode(code)]
    except ValueError:
        return "the desk refuses it"
    return sentence[0].lower() + sentence[1:].rstrip(".")


#: A number's consent state, said to a trainee: "…, which has never opted in".
STATE_WORDS: dict[ConsentState, str] = {
    ConsentState.NONE: "which has never opted in",
    ConsentState.AWAITING_YES: "which has not answered the opt-in request yet",
    ConsentState.AWAITING_PIN: "whose PIN has not been entered yet",
    ConsentState.OPTED_IN: "which has opted in",
    ConsentState.OPTED_OUT: "which has opted out",
}


def consumer_name(world: Accounts, account_id: str | None, number: str | None) -> str:
    """The consumer a task or a mistake is about: their name, else the account's id."""
    return _consumer(world, account_id, number)


def _consumer(world: Accounts, account_id: str | None, number: str | None) -> str:
    account = world.account(account_id) if account_id else None
    if account is None and number:
        owners = world.accounts_for(number)
        account = owners[0] if owners else None
    if account is not None:
        return account.consumer
    return f"account {account_id}" if account_id else "the consumer"


def _quoted(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”"


def derive_task(step: Step, world: Accounts) -> str:
    """What the trainee is asked to do, derived from the step (its `task:` is not consulted)."""
    args, action = step.args, step.action
    account = args.get("account")
    number = args.get("phone")
    who = _consumer(world, account, number if step.action != "add_phone" else None)
    possessive = f"{who}'s"
    ph = phone_text(number) if isinstance(number, str) and action != "add_phone" else ""
    if step.kind == "agent":
        if action == "add_phone":
            task = f"Add the number {_typed_phone(str(number))} to {who}'s account {account}"
        elif action == "send_opt_in_request":
            task = f"Get {possessive} number {ph} opted in with a PIN"
        elif action == "enter_auth_code":
            code = str(args.get("code", ""))
            if PIN_PLACEHOLDER in code:
                task = (f"{who} reads you the PIN that came to {ph}: enter it to opt the "
                        "number in")
            else:
                task = f"Enter the code {code} for {possessive} number {ph}"
        elif action == "quick_opt_in":
            task = f"Opt {possessive} number {ph} in with Quick Opt In (no PIN)"
        elif action == "arrange_payment_plan":
            amount = args.get("amount")
            money = f" of ${amount:,.2f}" if amount is not None else ""
            task = f"Arrange a payment plan{money} for {who} (account {account}) on {ph}"
        elif action == "opt_out":
            task = f"Opt {possessive} number {ph} out"
        elif action == "send_text":
            task = f"Text {who} at {ph}: {_quoted(str(args.get('text', '')))}"
        elif action == "send_link":
            task = f"Send {who} the portal link at {ph}"
        elif action == "dismiss_possible_opt_out":
            task = (f"{who}'s text from {ph} was flagged as a possible opt-out: it is not one. "
                    "Dismiss the flag, saying why")
        else:
            task = step.label()
    elif action == "link_number":
        task = (f"In the supervisor's queues, link {ph} to account {account} "
                f"({_consumer(world, account, None)})")
    elif action == "reply":
        task = f"From the supervisor's queues, answer {ph}: {_quoted(str(args.get('text', '')))}"
    else:
        task = step.label()
    if step.expect_error is not None:
        task += f" (the desk should refuse it: {refusal_reason(step.expect_error)})"
    return task


def derive_hint(step: Step) -> str:
    """How to do the step on the desk, key by key (used when the step has no `hint:`)."""
    args, action = step.args, step.action
    account = args.get("account")
    number = args.get("phone")
    ph = phone_text(number) if isinstance(number, str) and action != "add_phone" else ""
    choose = (f"Find account {account} (press / to search), choose {ph} in the account "
              "summary, then")
    if step.kind == "agent":
        if action == "add_phone":
            return (f"Choose account {account}, press N (Add number) and type "
                    f"{_typed_phone(str(number))}.")
        if action == "send_opt_in_request":
            return f"{choose} press o (Send Opt In Request). {KINDS['out_of_order'].advice}"
        if action == "enter_auth_code":
            code = str(args.get("code", ""))
            if PIN_PLACEHOLDER in code:
                return ("Listen to the code the consumer reads out (the task card says what "
                        "they read), press p, type it in Txt Msg Auth Code and press Enter. "
                        + KINDS["wrong_pin"].advice)
            return f"{choose} press p, type {code} and press Enter."
        if action == "quick_opt_in":
            return f"{choose} press q (Quick Opt In)."
        if action == "arrange_payment_plan":
            amount = args.get("amount")
            money = f" {amount:.2f}" if amount is not None else ""
            return f"{choose} press $ and enter the amount{money}."
        if action == "opt_out":
            return f"{choose} press x (or press Enter on the number) and confirm Opt Out."
        if action == "send_text":
            return (f"{choose} press t, type the text and press Enter. "
                    + KINDS["no_opt_out_line"].advice)
        if action == "send_link":
            return f"{choose} press l (Send link)."
        if action == "dismiss_possible_opt_out":
            return (f"{choose} press u (or Not an opt-out on the alert above the reply box), "
                    "type why it is not an opt-out and press Enter.")
    if action == "link_number":
        return (f"Press s for the supervisor's queues, choose {ph} in Unassociated, press Enter "
                f"and pick account {account}.")
    if action == "reply":
        return (f"Press s for the supervisor's queues, choose {ph}, type the reply and press "
                f"Enter. {KINDS['no_opt_out_line'].advice}")
    return "Do what the task says on the desk."


def task_text(step: Step, world: Accounts) -> str:
    return step.task if step.task is not None else derive_task(step, world)


def hint_text(step: Step) -> str:
    return step.hint if step.hint is not None else derive_hint(step)
