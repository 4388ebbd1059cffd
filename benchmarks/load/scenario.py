"""The scenario's phases (set-up, steady, day, peak, check) and the exactly-once check of every change."""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from benchmarks.load.client import Load
from benchmarks.load.measure import Sampler, Stats, cpu_of, proc_stat, process_tree, say
from benchmarks.load.world import Device, Workload
from sync.server import models as m
from tests.support.server_process import ServerProcess


@dataclass
class PhaseResult:
    name: str
    stats: Stats
    seconds: float
    server_cpu: float
    postgres_cpu: float
    client_cpu: float
    rss_max: float
    connections_max: int
    lock_wait_share: float
    lock_waiters_max: int


class Run:
    def __init__(self, args, server: ServerProcess, engine, sampler: Sampler, devices: list[Device],
                 later: list[tuple[str, str]]):
        self.args = args
        self.server = server
        self.engine = engine
        self.sampler = sampler
        self.devices = devices
        self.later = later
        self.rng = random.Random(args.seed)
        self.workload = Workload(args.seed)
        self.results: list[PhaseResult] = []
        self.acknowledged: set[str] = set()
        self.sent: set[str] = set()

    async def phase(self, name: str, body) -> Stats:
        stats = Stats()
        load = Load(self.server.url, self.workload, stats)
        pids = process_tree(self.server.proc.pid)
        pg_before = {p: (proc_stat(p) or (0, 0.0))[1] for p in self.sampler.backend_pids()}
        cpu0, own0 = cpu_of(pids), os.times()
        self.sampler.reset()
        t0 = time.monotonic()
        try:
            await body(load)
        finally:
            await load.close()
        seconds = time.monotonic() - t0
        own1 = os.times()
        pg_after = {p: (proc_stat(p) or (0, 0.0))[1] for p in self.sampler.backend_pids()}
        pg_cpu = sum(v - pg_before.get(p, 0.0) for p, v in pg_after.items())
        s = self.sampler
        self.results.append(PhaseResult(
            name, stats, seconds, cpu_of(process_tree(self.server.proc.pid)) - cpu0, pg_cpu,
            (own1.user - own0.user) + (own1.system - own0.system), s.rss_max, s.connections_max,
            s.lock_waiting_samples / max(1, s.samples), s.lock_waiters_max))
        self.acknowledged |= load.acknowledged
        self.sent |= load.sent
        say(f"{name}: {stats.requests} requests in {seconds:.1f} s, {sum(stats.errors.values())} errors")
        return stats

    async def gather_limited(self, coros, limit: int) -> None:
        gate = asyncio.Semaphore(limit)

        async def one(coro):
            async with gate:
                await coro

        await asyncio.gather(*(one(c) for c in coros))

    # Set-up: each office's cases, pushed by its first device; every device starts from its office's state.
    async def seed(self, load: Load) -> None:
        first: dict[str, Device] = {}
        for dev in self.devices:
            first.setdefault(dev.office, dev)

        async def office(dev: Device) -> None:
            changes = [c for _ in range(self.args.cases_per_office) for c in self.workload.new_case(dev, 3)]
            await load.push(dev, changes)
            await load.pull(dev)

        await self.gather_limited([office(d) for d in first.values()], 8)
        for dev in self.devices:
            dev.restore(first[dev.office].snapshot())

    async def steady(self, load: Load) -> None:
        a = self.args
        end = time.monotonic() + a.steady

        async def until(delay: float) -> bool:
            """Sleep `delay` unless the phase ends first; whether there is time left."""
            await asyncio.sleep(max(0.0, min(delay, end - time.monotonic())))
            return time.monotonic() < end

        async def device(dev: Device) -> None:
            more = await until(self.rng.uniform(0, a.interval))
            while more:
                push = self.rng.randint(5, 50) if self.rng.random() < a.push_share else 0
                await load.sync(dev, push, attachment=self.rng.random() < a.attachment_share)
                more = await until(a.interval * self.rng.uniform(0.8, 1.2))

        async def enrol(username: str) -> None:
            await asyncio.sleep(self.rng.uniform(0, a.steady))
            dev = await load.enroll(username)
            if dev is not None:
                await load.pull(dev)  # its first download
                self.devices.append(dev)

        await asyncio.gather(*(device(d) for d in self.devices), *(enrol(u) for u, _ in self.later))

    async def day(self, load: Load, offline: set[str]) -> None:
        others = [d for d in self.devices if d.id not in offline]
        await self.gather_limited([load.sync(d, self.rng.randint(5, 50)) for d in others], 8)

    async def peak(self, load: Load, peak: list[Device]) -> None:
        async def device(dev: Device) -> None:
            await asyncio.sleep(self.rng.uniform(0, self.args.peak_window))
            await load.sync(dev)

        for dev in peak:  # the day's work done offline
            dev.pending += self.workload.batch(dev, self.rng.randint(5, 50))
        await asyncio.gather(*(device(d) for d in peak))

    async def check(self, load: Load) -> None:
        await self.gather_limited([load.sync(d) for d in self.devices], 16)

    async def scenario(self) -> dict:
        a = self.args
        await self.phase("set-up", self.seed)
        self.results.clear()
        peak = self.rng.sample(self.devices, min(a.peak, len(self.devices)))
        snapshots = {d.id: d.snapshot() for d in peak}
        await self.phase("steady", self.steady)
        for dev in peak:  # offline since the steady phase began: what they pushed then is pulled back now
            dev.restore(snapshots[dev.id])
        await self.phase("day", lambda load: self.day(load, set(snapshots)))
        await self.phase("peak", lambda load: self.peak(load, peak))
        await self.phase("check", self.check)
        return self.verify()

    def verify(self) -> dict:
        """Every change a device was told applied is on the server exactly once; nothing else is."""
        c = m.applied_changes.c
        with self.engine.connect() as conn:
            applied = set(conn.execute(select(c.change_id)).scalars())
            twice = conn.execute(select(func.count()).select_from(
                select(c.change_id).group_by(c.change_id).having(func.count() > 1).subquery())).scalar_one()
            records = conn.execute(select(func.count()).select_from(m.records)).scalar_one()
        return {"sent": len(self.sent), "acknowledged": len(self.acknowledged),
                "lost": len(self.acknowledged - applied), "unexpected": len(applied - self.sent),
                "applied twice": twice, "server records": records}
