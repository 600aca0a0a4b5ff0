"""The sample organisation: a realistic, deterministic desk to try Omnidesk and to benchmark it."""

from app.demo.generator import SampleSize, build_sample_organisation

__all__ = ["SampleSize", "build_sample_organisation"]
