"""The async core: many checks through one engine (one connection pool, one pacing per host).

python examples/exists_async.py refs.txt      # one reference per line
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import quitx


async def main(refs: list[str]) -> int:
    async with quitx.Prober() as prober:  # settings from QUITX_* and QUITX_CONFIG
        results = await asyncio.gather(*(prober.exists(ref) for ref in refs))
    for result in results:
        print(result.model_dump_json())
    return 0


if __name__ == "__main__":
    lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    sys.exit(asyncio.run(main([line.strip() for line in lines if line.strip()])))
