"""The run path, one way down: read inputs (:mod:`.pipeline`), cut them into work units and
run those over an executor (:mod:`.batch`, :mod:`.executors`, :mod:`.dask_cluster`)."""
