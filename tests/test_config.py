from pathlib import Path

import pytest

from quotelens.config import ConfigError, TrainConfig, load_config, save_config
from quotelens.labels import STANCES, TECHNIQUES, normalise_technique

REPO = Path(__file__).resolve().parents[1]


def test_label_scheme_follows_the_spec() -> None:
    assert STANCES == ("accusatory", "defensive", "threatening", "neutral")
    assert len(TECHNIQUES) == 14 and len(set(TECHNIQUES)) == 14
    assert normalise_technique("Exaggeration,Minimization") == "Exaggeration,Minimisation"
    with pytest.raises(ValueError, match="unknown technique"):
        normalise_technique("Obfuscation")


@pytest.mark.parametrize("name", ["default.yaml", "ptc.yaml", "smoke.yaml"])
def test_bundled_configs_load(name: str) -> None:
    config = load_config(REPO / "training" / "configs" / name)
    assert isinstance(config, TrainConfig)


@pytest.mark.parametrize(
    ("override", "key"),
    [("epochz=3", "epochz"), ("epochs=many", "epochs"), ("class_weighted=3", "class_weighted"),
     ("batch_size=1.5", "batch_size"), ("data=5", "data")],
)
def test_bad_config_names_the_key(override: str, key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        load_config(None, [override])


def test_missing_data_path_fails_before_training(tmp_path: Path) -> None:
    config = load_config(None, [f"data=[{tmp_path / 'nowhere'}]"])
    with pytest.raises(ConfigError, match="'data'"):
        config.check_paths()


def test_no_data_at_all_names_the_key() -> None:
    with pytest.raises(ConfigError, match="'data'"):
        load_config(None, ["data=[]"]).check_paths()


def test_scientific_notation_is_a_float_and_words_are_not() -> None:
    assert load_config(None, ["learning_rate=1e-4"]).learning_rate == pytest.approx(1e-4)
    with pytest.raises(ConfigError, match="learning_rate"):
        load_config(None, ["learning_rate=fast"])


@pytest.mark.parametrize("override", ["best_metric=loss", "mixed_precision=int4", "learning_rate=-1e-4"])
def test_a_choice_outside_its_set_names_the_key(override: str) -> None:
    with pytest.raises(ConfigError, match=override.split("=")[0]):
        load_config(None, [override]).check_paths()


def test_config_round_trips_through_yaml(tmp_path: Path) -> None:
    config = load_config(None, ["epochs=2", "learning_rate=0.001", "data=[a, b]"])
    save_config(config, tmp_path / "config.yaml")
    assert load_config(tmp_path / "config.yaml") == config


def test_cli_train_rejects_bad_config_before_training(capsys: pytest.CaptureFixture) -> None:
    from quotelens.cli import main

    assert main(["train", "--config", str(REPO / "training/configs/smoke.yaml"), "--set", "lerning_rate=1"]) == 2
    assert "lerning_rate" in capsys.readouterr().err


def test_cli_train_takes_several_overrides_after_one_set(capsys: pytest.CaptureFixture) -> None:
    from quotelens.cli import main

    args = ["train", "--config", str(REPO / "training/configs/smoke.yaml"), "--set", "epochs=1", "lerning_rate=1"]
    assert main(args) == 2
    assert "lerning_rate" in capsys.readouterr().err  # the second pair was read as an override, not a stray


def test_dev_annotations_without_dev_texts_name_the_key(tmp_path: Path) -> None:
    ptc = tmp_path / "ptc"
    (ptc / "train-articles").mkdir(parents=True)
    (ptc / "train-articles" / "article1.txt").write_text("Title\n\nText.\n", encoding="utf-8")
    (tmp_path / "dev-ann").mkdir()
    config = TrainConfig(ptc_dir=str(ptc), ptc_dev_annotations=str(tmp_path / "dev-ann"))
    with pytest.raises(ConfigError, match="'ptc_dev_annotations'.*dev-articles"):
        config.check_paths()
    TrainConfig(ptc_dir=str(ptc), ptc_dev_annotations=None).check_paths()  # going without them is fine
