"""Scenario playback in the real app: agent and supervisor steps go through the desk's widgets,
consumer steps through the phone's compose box; everything is judged by the same `ScenarioRun`
as `itms-tui run`, so a step passes or fails here exactly as it does headless.

Widgets are driven the way a user drives them: the account is found with the search box and
chosen in the list, the number in the account summary, buttons are pressed, dialogs filled in
and confirmed. Where a scenario tests something the desk cannot even offer (an account that does
not exist, a number not on the account), the step goes to the service as the desk would send it,
and the step says so.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, OptionList

from ...core.names import ConsentState
from ...core.service import Result
from ...scenarios.scenario import Step
from ...scenarios.runner import ScenarioRun, StepNotResolvable, StepOutcome

if TYPE_CHECKING:
    from ..app import ItmsApp

#: How long a widget may take to act on a press before the step is failed as "the desk did nothing".
ACTION_TIMEOUT = 5.0


class DeskDidNotAct(Exception):
    pass


class UiPerformer:
    def __init__(self, app: ItmsApp) -> None:
        self.app = app
        #: Steps that had to bypass the widgets, with why (shown in the step strip and reports).
        self.bypassed: dict[int, str] = {}

    # -- plumbing ---------------------------------------------------------------------------------

    async def settle(self) -> None:
        """Give posted messages a few turns of the event loop to be handled."""
        for _ in range(4):
            await asyncio.sleep(0)

    async def until(self, condition, failure: str) -> None:
        """Wait for a widget's message chain to arrive where a user's press would have."""
        waited = 0.0
        while not condition():
            await asyncio.sleep(0.002)
            waited += 0.002
            if waited > ACTION_TIMEOUT:
                raise DeskDidNotAct(failure)

    async def _await_result(self, previous: Result | None) -> Result:
        await self.until(lambda: self.app.last_result is not previous,
                         "the desk did not act on the step (no action reached the service)")
        return self.app.last_result

    async def _await_screen(self, screen_type: type[Screen]) -> Screen:
        await self.until(lambda: isinstance(self.app.screen, screen_type) and self.app.screen.is_mounted,
                         f"{screen_type.__name__} did not open")
        await self.settle()
        return self.app.screen

    async def desk(self):
        from ..screens.desk import DeskScreen

        while not isinstance(self.app.screen, DeskScreen):
            self.app.pop_screen()
            await self.settle()
        return self.app.screen

    # -- the desk ---------------------------------------------------------------------------------

    async def choose(self, account_id: str, phone: str | None) -> bool:
        """Find the account with the search box and choose it, then the number. False: not there."""
        desk = await self.desk()
        service = self.app.service
        account = service.account(account_id)
        if account is None:
            return False
        search = desk.query_one("#account-search", Input)
        search.value = account_id
        options = desk.query_one("#account-options", OptionList)
        await self.until(lambda: options.option_count <= len(service.accounts()) and any(
            options.get_option_at_index(i).id == account_id for i in range(options.option_count)),
            f"account {account_id} did not appear in the search results")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index(account_id)
        options.action_select()  # Enter on the match: the search itself never changes the desk
        await self.until(lambda: desk.account_id == account_id, f"account {account_id} was not chosen")
        search.value = ""
        if phone is not None:
            if phone not in account.phones:
                return False
            numbers = desk.query_one("#phone-options", OptionList)
            numbers.highlighted = account.phones.index(phone)
            await self.until(lambda: desk.number == phone, f"{phone} was not chosen")
        return True

    async def _press(self, selector: str) -> Result:
        desk = await self.desk()
        previous = self.app.last_result
        desk.query_one(selector, Button).press()
        await self._past_possible_opt_out_warning(desk)
        return await self._await_result(previous)

    async def _past_possible_opt_out_warning(self, desk: Screen) -> None:
        """The script goes ahead where the desk asks first (the number may have asked to stop)."""
        from ..screens.modals import ConfirmModal

        if desk.number is not None and self.app.service.possible_opt_outs(desk.number):
            warning = await self._await_screen(ConfirmModal)
            warning.query_one("#confirm", Button).press()

    async def _submit(self, screen: Screen, selector: str, value: str) -> Result:
        previous = self.app.last_result
        box = screen.query_one(selector, Input)
        box.value = value
        await box.action_submit()
        return await self._await_result(previous)

    async def _dialog(self, open_it, dialog_type, fill) -> Result:
        previous = self.app.last_result
        opened = open_it()
        if opened is not None:
            await opened
        dialog = await self._await_screen(dialog_type)
        await fill(dialog)
        return await self._await_result(previous)

    # -- steps ------------------------------------------------------------------------------------

    async def perform(self, run: ScenarioRun, step: Step) -> Result:
        if step.kind == "agent":
            return await self._agent(run, step)
        if step.kind == "supervisor":
            return await self._supervisor(run, step)
        if step.kind == "consumer":
            return await self._consumer(step)
        result = self.app.perform(lambda: run.perform(step), quiet=True)
        await self.settle()
        return result

    def _bypass(self, run: ScenarioRun, step: Step, why: str) -> Result:
        self.bypassed[run.index_of(step)] = why
        return self.app.perform(lambda: run.perform(step))

    async def _agent(self, run: ScenarioRun, step: Step) -> Result:
        from ..screens.modals import AmountModal, ConfirmModal, TextPrompt

        args, action = step.args, step.action
        account_id = args["account"]
        phone = None if action == "add_phone" else args["phone"]
        if not await self.choose(account_id, phone):
            missing = (f"account {account_id} is not on the desk" if self.app.service.account(account_id) is None
                       else f"{phone} is not a number of account {account_id}")
            return self._bypass(run, step, f"{missing}: sent to the service as the desk would")
        desk = await self.desk()
        if action == "send_opt_in_request":
            return await self._press("#send-opt-in")
        if action == "quick_opt_in":
            return await self._press("#quick-opt-in")
        if action == "send_link":
            return await self._press("#send-link")
        if action == "enter_auth_code":
            return await self._submit(desk, "#auth-code", str(args["code"]))
        if action == "send_text":
            return await self._submit(desk, "#reply-box", args["text"])
        if action == "opt_out":
            if self.app.service.consent(phone).state is ConsentState.OPTED_OUT:
                return self._bypass(run, step, f"{phone} is already opted out, so the desk offers "
                                    "no Opt Out: sent to the service as the desk would")

            async def confirm(dialog):
                dialog.query_one("#confirm", Button).press()
            return await self._dialog(desk.action_opt_out, ConfirmModal, confirm)
        if action == "dismiss_possible_opt_out":
            if not self.app.service.possible_opt_outs(phone):
                return self._bypass(run, step, f"{phone} has no possible opt-out waiting, so the "
                                    "desk offers no dismissal: sent to the service as it would be")
            reason = str(args.get("reason") or "")

            async def give_reason(dialog):
                dialog.query_one("#prompt-value", Input).value = reason
                dialog.query_one("#prompt-ok", Button).press()
            return await self._dialog(desk.action_dismiss_possible_opt_out, TextPrompt, give_reason)
        if action == "arrange_payment_plan":
            amount = args.get("amount")

            async def fill_amount(dialog):
                dialog.query_one("#amount", Input).value = "" if amount is None else str(amount)
                dialog.query_one("#arrange", Button).press()

            async def open_plan():
                desk.action_payment_plan()
                await self._past_possible_opt_out_warning(desk)
            return await self._dialog(open_plan, AmountModal, fill_amount)
        if action == "add_phone":
            async def fill_number(dialog):
                dialog.query_one("#prompt-value", Input).value = str(args["phone"])
                dialog.query_one("#prompt-ok", Button).press()
            return await self._dialog(desk.action_add_number, TextPrompt, fill_number)
        raise ValueError(f"{step.label()} has no desk control")

    async def _supervisor(self, run: ScenarioRun, step: Step) -> Result:
        from ..screens.modals import AccountPicker
        from ..screens.supervisor import SupervisorScreen

        args = step.args
        phone = args["phone"]
        await self.desk()
        self.app.action_supervisor()
        screen = await self._await_screen(SupervisorScreen)
        table_id = "#unassociated" if step.action == "link_number" else None
        tables = [table_id] if table_id else ["#unanswered", "#unassociated"]
        table = None
        for selector in tables:
            candidate = screen.query_one(selector, DataTable)
            if phone in [key.value for key in candidate.rows]:
                table = candidate
                break
        if table is None:
            where = "the unassociated queue" if table_id else "the supervisor's queues"
            return self._bypass(run, step, f"{phone} is not in {where}: sent to the service as the "
                                "supervisor screen would")
        table.focus()
        table.move_cursor(row=table.get_row_index(phone))
        await self.until(lambda: screen.selected_number() == phone, f"{phone} was not selected")
        if step.action == "reply":
            return await self._submit(screen, "#supervisor-reply", args["text"])
        account_id = args["account"]
        if self.app.service.account(account_id) is None:
            return self._bypass(run, step, f"account {account_id} is not in the account picker: "
                                "sent to the service as the supervisor screen would")

        async def pick(dialog):
            options = dialog.query_one("#picker-options", OptionList)
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            options.highlighted = ids.index(account_id)
            await self.settle()
            options.action_select()
        return await self._dialog(screen.action_link, AccountPicker, pick)

    async def _consumer(self, step: Step) -> Result:
        desk = await self.desk()
        desk.phone_number = step.args["from"]
        await self.until(lambda: desk.query_one("PhonePane").number == step.args["from"],
                         "the phone did not switch")
        return await self._submit(desk, "#phone-compose", step.action)


async def play_step(performer: UiPerformer, run: ScenarioRun, step: Step) -> StepOutcome:
    """Perform or check one step through the app, and judge it as `itms-tui run` would."""
    if step.kind == "expect":
        await performer.settle()
        return run.check(step)
    try:
        resolved = run.resolve(step)
    except StepNotResolvable as problem:
        return run.fail(step, str(problem))
    try:
        result = await performer.perform(run, resolved)
    except DeskDidNotAct as problem:
        return run.fail(step, str(problem))
    outcome = run.judge_action(step, result)
    await performer.settle()
    return outcome
