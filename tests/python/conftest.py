"""pytest set-up: one shared Spark session (local[2]) for every Spark test."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session")
def spark():
    from textlens.spark import session

    s = session("local[2]", app="textlens-tests")
    s.conf.set("spark.sql.shuffle.partitions", "2")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def corpus():
    from archive_corpus import generate

    return generate(articles=320)
