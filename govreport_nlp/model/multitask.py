"""The annotator model: one BERT encoder, three heads, one forward pass.

- ``stype`` (5 classes) and ``domain`` (22 CAP classes) from the mean of the token vectors (sentence and
  context; a model pretrained with masked-LM only, without next-sentence prediction, never trains ``[CLS]``);
- BIO entity tags (9) for every token.

A standard Hugging Face model: :class:`GovReportAnnotatorConfig` holds the encoder's
config (any BERT-family checkpoint) and the label sets; ``save_pretrained`` /
``from_pretrained`` work as usual, and ``AutoModel.from_pretrained(dir)`` opens a
saved model once this module is imported.  A task whose labels are ``-100`` for an
example adds nothing to the loss, so partially annotated data trains the other heads.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PretrainedConfig, PreTrainedModel
from transformers.utils import ModelOutput

from ..annotations.bio import BIO_TAGS
from ..errors import Errors, GovReportError
from ..spec import DOMAINS, STYPES


class GovReportAnnotatorConfig(PretrainedConfig):
    model_type = "govreport-annotator"

    def __init__(self, encoder: dict | None = None, stype_labels=STYPES, domain_labels=DOMAINS, ner_labels=BIO_TAGS,
                 context: str = "part+heading", classifier_dropout: float = 0.1, domain_class_weights=None,
                 max_tokens: int = 256, piece_chars: int = 200, entity_words: str | None = "auto",
                 carry_names: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder or {}
        self.stype_labels = list(stype_labels)
        self.domain_labels = list(domain_labels)
        self.ner_labels = list(ner_labels)
        self.context = context
        self.classifier_dropout = classifier_dropout
        self.domain_class_weights = domain_class_weights
        self.max_tokens = max_tokens
        self.piece_chars = piece_chars
        # the segmenter whose word boundaries entity spans keep to at prediction (None: per token);
        # "auto" (pkuseg if present) for models saved before this field
        self.entity_words = entity_words
        # a place name predicted in one sentence is tagged where it recurs in the report (False for models saved
        # before this field)
        self.carry_names = carry_names


@dataclass
class AnnotatorOutput(ModelOutput):
    loss: torch.Tensor | None = None
    stype_logits: torch.Tensor | None = None
    domain_logits: torch.Tensor | None = None
    ner_logits: torch.Tensor | None = None


class GovReportAnnotatorModel(PreTrainedModel):
    config_class = GovReportAnnotatorConfig
    base_model_prefix = "encoder"

    def __init__(self, config: GovReportAnnotatorConfig):
        super().__init__(config)
        enc_cfg = AutoConfig.for_model(**config.encoder)
        self.encoder = AutoModel.from_config(enc_cfg)
        hidden = enc_cfg.hidden_size
        self.dropout = nn.Dropout(config.classifier_dropout)
        self.stype_head = nn.Linear(hidden, len(config.stype_labels))
        self.domain_head = nn.Linear(hidden, len(config.domain_labels))
        self.ner_head = nn.Linear(hidden, len(config.ner_labels))
        self.post_init()

    def _init_weights(self, module):
        if isinstance(module, nn.Linear) and module in (self.stype_head, self.domain_head, self.ner_head):
            module.weight.data.normal_(0.0, 0.02)
            module.bias.data.zero_()

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, stype_labels=None, domain_labels=None,
                ner_labels=None, **kwargs) -> AnnotatorOutput:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state
        hidden = self.dropout(hidden)
        mask = (attention_mask if attention_mask is not None else torch.ones_like(input_ids)).unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        out = AnnotatorOutput(stype_logits=self.stype_head(pooled), domain_logits=self.domain_head(pooled),
                              ner_logits=self.ner_head(hidden))
        losses = []
        ce = nn.functional.cross_entropy
        if stype_labels is not None and (stype_labels != -100).any():
            losses.append(ce(out.stype_logits, stype_labels, ignore_index=-100))
        if domain_labels is not None and (domain_labels != -100).any():
            w = self.config.domain_class_weights
            weight = torch.tensor(w, dtype=out.domain_logits.dtype, device=out.domain_logits.device) if w else None
            losses.append(ce(out.domain_logits, domain_labels, weight=weight, ignore_index=-100))
        if ner_labels is not None and (ner_labels != -100).any():
            losses.append(ce(out.ner_logits.reshape(-1, out.ner_logits.size(-1)), ner_labels.reshape(-1),
                             ignore_index=-100))
        if losses:
            out.loss = torch.stack(losses).sum()
        return out

    @classmethod
    def from_base(cls, base=None, *, pretrained: bool = True, local_files_only: bool = False, **config_kwargs):
        """``(tokenizer, model)`` with the encoder of a base checkpoint (``models/govbert-small`` by
        default, or ``bert-base-chinese``, a local directory...); ``pretrained=False`` keeps the
        base's shape and tokenizer but initialises the encoder at random (the no-pretraining baseline)."""
        from .base import load_base_model

        tokenizer, encoder = load_base_model(base, head="none", local_files_only=local_files_only)
        config = GovReportAnnotatorConfig(encoder=encoder.config.to_dict(), **config_kwargs)
        model = cls(config)
        if pretrained:
            missing, unexpected = model.encoder.load_state_dict(encoder.state_dict(), strict=False)
            if [k for k in missing if "pooler" not in k] or unexpected:
                raise GovReportError(Errors.E027, name=base, missing=missing[:5], unexpected=unexpected[:5])
        return tokenizer, model


AutoConfig.register(GovReportAnnotatorConfig.model_type, GovReportAnnotatorConfig)
AutoModel.register(GovReportAnnotatorConfig, GovReportAnnotatorModel)
