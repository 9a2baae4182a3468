"""The state model: what the user chose, the computation it asks for, the arrays views draw.

No widgets here: QtCore objects (signals, timers, a thread pool) and core/ only.
"""
