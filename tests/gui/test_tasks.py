"""The background runner (desktop/ui/tasks.py): weak callbacks, guards, mutations that announce their change."""

from __future__ import annotations

import gc
import threading

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.tasks import MutationOp, QueryOp, TaskRunner


class Probe(QWidget):
    answers: list = []  # on the class: the instances are deleted by the tests

    def show_result(self, result) -> None:
        Probe.answers.append(result)


def _blocked_job(started: threading.Event, release: threading.Event, result="готово"):
    def job():
        started.set()
        assert release.wait(30)
        return result
    return job


def _drain(qtbot, runner: TaskRunner) -> None:
    """The database worker is serial: when a job queued after the others is delivered, so are they."""
    done = []
    QueryOp(runner, lambda: "after").success(done.append).run()
    qtbot.waitUntil(lambda: done == ["after"], timeout=30_000)


def test_a_widget_deleted_while_its_query_runs_gets_no_callback(qtbot):
    runner, started, release = TaskRunner(), threading.Event(), threading.Event()
    Probe.answers = []
    closed, dropped = Probe(), Probe()
    failed = []
    runner.unhandled.connect(failed.append)
    QueryOp(runner, _blocked_job(started, release), parent=closed).success(closed.show_result).run()
    QueryOp(runner, lambda: "друга").success(dropped.show_result).failure(dropped.show_result).run()
    assert started.wait(30)
    shiboken6.delete(closed)  # the C++ widget is gone (a closed tab), its Python wrapper is not
    del dropped               # the last reference of the other one: held weakly, it goes
    gc.collect()
    release.set()
    _drain(qtbot, runner)
    assert Probe.answers == [] and failed == []
    assert runner._jobs == {}  # nothing kept once delivered
    runner.wait_idle()


def test_a_living_widget_gets_its_answer_and_its_failure(qtbot):
    runner = TaskRunner()
    Probe.answers = []
    probe = Probe()
    qtbot.addWidget(probe)
    QueryOp(runner, lambda: 7, parent=probe).success(probe.show_result).run()

    def broken():
        raise ValueError("навмисно")
    QueryOp(runner, broken, parent=probe).success(probe.show_result).failure(probe.show_result).run()
    _drain(qtbot, runner)
    assert Probe.answers[0] == 7 and isinstance(Probe.answers[1], ValueError)
    runner.wait_idle()


class _Session(QObject):
    changed = Signal(object)


def test_a_mutation_announces_its_change_even_when_its_widget_is_gone(qtbot):
    runner, session, started, release = TaskRunner(), _Session(), threading.Event(), threading.Event()
    Probe.answers = []
    announced = []
    session.changed.connect(announced.append)
    dialog = Probe()
    MutationOp(runner, _blocked_job(started, release, result={"case"}), session.changed, parent=dialog) \
        .success(dialog.show_result).run()
    assert started.wait(30)
    shiboken6.delete(dialog)  # the dialog that saved was closed: the save happened all the same
    release.set()
    _drain(qtbot, runner)
    assert announced == [{"case"}] and Probe.answers == []
    runner.wait_idle()


def test_progress_reaches_the_gui_thread_and_stop_reaches_the_job(qtbot):
    runner = TaskRunner()
    probe = Probe()
    qtbot.addWidget(probe)
    seen, results = [], []

    def job(control):
        for i in range(1, 4):
            control.report(i, 3)
        return control.cancelled

    control = QueryOp(runner, job, parent=probe).with_progress(lambda d, t: seen.append((d, t))) \
        .success(results.append).run()
    assert control is not None
    _drain(qtbot, runner)
    qtbot.waitUntil(lambda: seen == [(1, 3), (2, 3), (3, 3)], timeout=10_000)
    assert results == [False]
    runner.wait_idle()
