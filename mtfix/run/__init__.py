"""The run path, one way down: what is read (:mod:`.inputs`, :mod:`.load`), how it is cut
(:mod:`.cut`) and worked (:mod:`.work`) over an executor (:mod:`.dispatch`, :mod:`.executors`,
:mod:`.dask_cluster`), where results go (:mod:`.sink`, :mod:`.side`); one orchestrator per verb
(:mod:`.fixrun`, :mod:`.checkrun`)."""
