"""Audit many elections at once on Dask: a local cluster by default, or a scheduler address.

Each election is one task; a task's result depends only on its table and the options (the
seed included), never on the worker or the order, so a batch equals the serial run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dask.base import compute
from dask.delayed import delayed
from distributed import Client, LocalCluster, as_completed

from majlis.report.audit import Audit, AuditOptions, audit_table
from majlis.report.stations import AuditTable

__all__ = ["audit_batch"]


def _one(table: AuditTable, options: AuditOptions, methods: tuple[str, ...] | None) -> Audit:
    return audit_table(table, options=options, methods=methods)


def audit_batch(
    tables: Sequence[AuditTable],
    *,
    options: AuditOptions | None = None,
    methods: tuple[str, ...] | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    on_done: Callable[[Audit], None] | None = None,
) -> tuple[Audit, ...]:
    """Audit every table in parallel; results come back in the order of ``tables``.

    Args:
        tables: the per-station tables to audit.
        options: audit settings shared by all tables.
        methods: the methods to run (default: all).
        scheduler: ``None`` starts a local cluster; ``"synchronous"`` or ``"threads"`` run
            in this process with that Dask scheduler; anything else is the address of a
            running ``distributed`` scheduler (e.g. ``tcp://10.0.0.5:8786``).
        workers: worker processes of the local cluster (default: Dask's choice).
        on_done: called with each audit as it finishes (for a progress bar).
    """
    opts = options or AuditOptions()
    if scheduler in ("synchronous", "threads"):
        tasks = [delayed(_one)(t, opts, methods) for t in tables]
        results: tuple[Audit, ...] = tuple(compute(*tasks, scheduler=scheduler))  # type: ignore[no-untyped-call]
        if on_done is not None:
            for audit in results:
                on_done(audit)
        return results
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    try:
        client_of = Client(cluster if cluster is not None else scheduler)  # type: ignore[no-untyped-call]
        with client_of as client:
            futures = [client.submit(_one, t, opts, methods, pure=False) for t in tables]
            index = {f.key: i for i, f in enumerate(futures)}
            done: list[Audit | None] = [None] * len(futures)
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                audit = future.result()
                done[index[future.key]] = audit
                if on_done is not None:
                    on_done(audit)
            return tuple(a for a in done if a is not None)
    finally:
        if cluster is not None:
            cluster.close()
