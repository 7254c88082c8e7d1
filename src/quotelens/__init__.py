"""QuoteLens: find quotations in news, attribute their speakers, label their stance and framing techniques.

Importing the package registers the model with transformers' Auto classes, so a saved model folder
loads with `AutoModel.from_pretrained(folder)` as well as `QuoteLens.from_pretrained(folder)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import quotelens.modeling  # noqa: F401  (registers QuoteLensConfig / QuoteLensModel with transformers)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from quotelens.inference import QuoteLens


def __getattr__(name: str) -> Any:
    if name == "QuoteLens":  # imported lazily: inference pulls in more than most callers need
        from quotelens.inference import QuoteLens

        return QuoteLens
    raise AttributeError(name)


__all__ = ["QuoteLens", "__version__"]
