"""Write tests/data/torch_reference.json: torch.optim's trajectories for the cross-check.

Run from the repository root with torch installed::

    .venv/bin/python tests/data/make_torch_reference.py

The problem and the table of cases come from tests/core/test_optimizers_torch.py (the single
source of truth); this script only runs torch.optim on them and stores every EVERY-th point of
each 200-step trajectory, floats written with full precision (json uses repr), so that
``test_matches_stored_torch_reference`` checks torch's numbers on machines without torch.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core"))

import test_optimizers_torch as spec  # noqa: E402
import torch  # noqa: E402


def main() -> None:
    torch.set_num_threads(1)
    problem = spec.problem()
    out = {
        "about": "torch.optim trajectories on the tiny tanh regression of "
        "tests/core/test_optimizers_torch.py; rows are [W.ravel(), b] at the listed steps",
        "torch_version": torch.__version__,
        "steps": spec.STEPS,
        "every": spec.EVERY,
        "problem": {k: v.tolist() for k, v in problem.items()},
        "cases": {},
    }
    keep = list(range(0, spec.STEPS + 1, spec.EVERY))
    for case, (name, hyper, torch_name, kwargs) in spec.CASES.items():
        traj = spec.run_torch(case)
        out["cases"][case] = {
            "optimizer": name,
            "hyper": hyper,
            "torch": torch_name,
            "torch_kwargs": kwargs,
            "steps": keep,
            "params": traj[keep].tolist(),
        }
    path = HERE / "torch_reference.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    print(f"wrote {path} ({len(out['cases'])} cases, torch {torch.__version__})")


if __name__ == "__main__":
    main()
