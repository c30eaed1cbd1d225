"""The election record as evidence: verification of every chain, the digest, the export.

- :func:`verify_record`: re-walk every hash chain (membership ledger, and per election the
  protocol versions, final decisions and incidents), compare the stored heads, return the
  record digest (:data:`CHECKS` is the list of checks it runs).
- :func:`record_digest`: the digest over the stored heads (whole record or one election).
- :func:`export_record` / :func:`verify_export`: the public record of one election as files,
  and its offline verification (chains, tally, seats) with no database.
"""

from majlis.record._digest import (
    LEDGER_SCOPE,
    ChainHead,
    RecordDigest,
    record_digest,
    stored_heads,
)
from majlis.record._export import Manifest, export_record
from majlis.record._files import seats_of
from majlis.record._offline import OfflineReport, verify_export
from majlis.record._verify import CHECKS, Check, Progress, RecordReport, verify_record

__all__ = [
    "CHECKS",
    "LEDGER_SCOPE",
    "ChainHead",
    "Check",
    "Manifest",
    "OfflineReport",
    "Progress",
    "RecordDigest",
    "RecordReport",
    "export_record",
    "record_digest",
    "seats_of",
    "stored_heads",
    "verify_export",
    "verify_record",
]
