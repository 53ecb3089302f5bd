/* Facts: what a Python or Markdown file tells the repository rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

/* Facts of src as the Python file at path (caller disposes). */
static mlr_file_facts py_facts(const char *path, const char *src)
{
	mlr_py_parser *parser = NULL;
	mlr_py py;
	mlr_file_facts f = { 0 };
	assert_int_equal(mlr_py_parser_new(&parser, 0), 0);
	assert_int_equal(mlr_py_parse(&py, parser, src, strlen(src)), 0);
	mlr_py_facts(&f, &py, path);
	mlr_py_dispose(&py);
	mlr_py_parser_delete(parser);
	return f;
}

static uint32_t py_flags(const char *path, const char *src)
{
	mlr_file_facts f = py_facts(path, src);
	uint32_t fl = f.flags;
	mlr_file_facts_dispose(&f);
	return fl;
}

static uint32_t md_flags(const char *path, const char *data)
{
	mlr_file_facts f = { 0 };
	mlr_md_facts(&f, path, data, strlen(data));
	uint32_t fl = f.flags;
	mlr_file_facts_dispose(&f);
	return fl;
}

#define HAS(fl, bit) (((fl) & (bit)) != 0)

/* Asserts that src trains, at line, through call. */
static void assert_trains(const char *src, uint32_t line, const char *call)
{
	mlr_file_facts f = py_facts("train.py", src);
	if (!HAS(f.flags, MLR_FACT_TRAINS))
		fail_msg("expected training in:\n%s", src);
	assert_int_equal(f.train_line, line);
	assert_non_null(f.train_call);
	assert_string_equal(f.train_call, call);
	mlr_file_facts_dispose(&f);
}

static void assert_no_training(const char *src)
{
	mlr_file_facts f = py_facts("train.py", src);
	if (HAS(f.flags, MLR_FACT_TRAINS))
		fail_msg("unexpected training (%s at %u) in:\n%s", f.train_call, f.train_line, src);
	assert_int_equal(f.train_line, 0);
	assert_null(f.train_call);
	mlr_file_facts_dispose(&f);
}

static void assert_tracks(const char *src, bool want)
{
	uint32_t fl = py_flags("train.py", src);
	if (HAS(fl, MLR_FACT_TRACKS) != want)
		fail_msg("expected %s in:\n%s", want ? "tracking" : "no tracking", src);
}

/* ------------------------------------------------------------------ tests */

static void test_test_file_naming(void **state)
{
	(void)state;
	const char *src = "def test_one():\n    assert 1\n";
	assert_true(HAS(py_flags("tests/test_model.py", src), MLR_FACT_TEST_FILE));
	assert_true(HAS(py_flags("test_model.py", src), MLR_FACT_TEST_FILE));
	assert_true(HAS(py_flags("pkg/model_test.py", src), MLR_FACT_TEST_FILE));
	assert_true(HAS(py_flags("app/tests.py", src), MLR_FACT_TEST_FILE));
	assert_false(HAS(py_flags("pkg/model.py", src), MLR_FACT_TEST_FILE));
	assert_false(HAS(py_flags("pkg/testing_utils.py", src), MLR_FACT_TEST_FILE));
	assert_false(HAS(py_flags("pkg/contest.py", src), MLR_FACT_TEST_FILE));
	assert_false(HAS(py_flags("test_.py", src), MLR_FACT_TEST_FILE));
	assert_false(HAS(py_flags("_test.py", src), MLR_FACT_TEST_FILE));
}

static void test_test_functions_and_classes(void **state)
{
	(void)state;
	assert_true(HAS(py_flags("tests/test_a.py", "def test_load():\n    assert True\n"), MLR_FACT_HAS_TESTS));
	assert_true(HAS(py_flags("tests/test_a.py",
		"class TestModel:\n    def test_fit(self):\n        pass\n"), MLR_FACT_HAS_TESTS));
	assert_true(HAS(py_flags("tests/test_a.py",
		"import unittest\nclass Checks(unittest.TestCase):\n    def check(self):\n        pass\n"),
		MLR_FACT_HAS_TESTS));
	assert_true(HAS(py_flags("tests/test_a.py",
		"from unittest import TestCase as TC\nclass Checks(TC):\n    pass\n"), MLR_FACT_HAS_TESTS));
	assert_true(HAS(py_flags("tests/test_a.py",
		"import unittest\nclass A(unittest.IsolatedAsyncioTestCase):\n    pass\n"), MLR_FACT_HAS_TESTS));
	/* a test-named file with only helpers */
	assert_false(HAS(py_flags("tests/test_a.py", "def helper():\n    return 1\nclass B(object):\n    pass\n"),
		MLR_FACT_HAS_TESTS));
	/* test functions outside a test file do not make a test suite */
	assert_false(HAS(py_flags("pkg/model.py", "def test_thing():\n    pass\n"), MLR_FACT_HAS_TESTS));
}

/* ------------------------------------------------------------------ training */

static void test_training_sklearn(void **state)
{
	(void)state;
	assert_trains(
		"from sklearn.ensemble import RandomForestClassifier\n"
		"import pandas as pd\n"
		"clf = RandomForestClassifier(n_estimators=10)\n"
		"clf.fit(X, y)\n", 4, "clf.fit");
	assert_trains(
		"import sklearn.linear_model as lm\n"
		"m = lm.LogisticRegression()\n"
		"m.fit(X, y)\n", 3, "m.fit");
	assert_trains(
		"from xgboost import XGBClassifier\n"
		"XGBClassifier().fit(X, y)\n", 2, ".fit");
}

static void test_scaler_fit_alone_does_not_train(void **state)
{
	(void)state;
	assert_no_training(
		"from sklearn.preprocessing import StandardScaler\n"
		"scaler = StandardScaler().fit(X)\n"
		"Xs = scaler.transform(X)\n");
	/* a .fit with no ML library imported is someone else's method */
	assert_no_training(
		"class Curve:\n    def fit(self, x):\n        return x\n"
		"c = SomeRegressor()\n"
		"c.fit([1, 2])\n");
}

static void test_training_torch_loop(void **state)
{
	(void)state;
	const char *loop =
		"import torch\n"
		"model = torch.nn.Linear(2, 1)\n"
		"opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
		"for x, y in data:\n"
		"    opt.zero_grad()\n"
		"    loss = ((model(x) - y) ** 2).mean()\n"
		"    loss.backward()\n"
		"    opt.step()\n";
	assert_trains(loop, 7, "loss.backward() / optimizer.step()");
	/* backward alone (a gradient check) or step alone (a scheduler) is not training */
	assert_no_training("import torch\nloss.backward()\n");
	assert_no_training("import torch\nscheduler.step()\n");
	/* without torch imported, .backward / .step are nobody's training loop */
	assert_no_training("loss.backward()\nopt.step()\n");
}

static void test_training_hf_xgboost_keras(void **state)
{
	(void)state;
	assert_trains(
		"from transformers import Trainer, TrainingArguments\n"
		"args = TrainingArguments(output_dir='out')\n"
		"trainer = Trainer(model=model, args=args)\n"
		"trainer.train()\n", 3, "transformers.Trainer");
	assert_trains(
		"import xgboost as xgb\n"
		"dtrain = xgb.DMatrix(X, label=y)\n"
		"bst = xgb.train(params, dtrain, 10)\n", 3, "xgboost.train");
	assert_trains(
		"from tensorflow import keras\n"
		"model = keras.Sequential([keras.layers.Dense(1)])\n"
		"model.compile(optimizer='adam', loss='mse')\n"
		"model.fit(x, y, epochs=3)\n", 4, "model.fit");
	/* the first training call is the one reported */
	assert_trains(
		"import lightgbm as lgb\nimport xgboost as xgb\n"
		"a = xgb.train(p, d)\n"
		"b = lgb.train(p, d)\n", 3, "xgboost.train");
}

static void test_training_lightning_trainer_fit(void **state)
{
	(void)state;
	assert_trains(
		"import lightning as L\n"
		"class Lit(L.LightningModule):\n"
		"    pass\n"
		"model = Lit()\n"
		"trainer = L.Trainer(max_epochs=1)\n"
		"trainer.fit(model)\n", 6, "trainer.fit");
	assert_trains(
		"from pytorch_lightning import Trainer\n"
		"Trainer().fit(module)\n", 2, ".fit");
	/* a Trainer class of one's own is not Lightning's */
	assert_no_training("import lightning as L\nclass Trainer:\n    pass\nTrainer().fit(m)\n");
}

/* Facts of an entry-point candidate at path. */
static bool trains_at(const char *path, const char *src)
{
	return HAS(py_flags(path, src), MLR_FACT_TRAINS);
}

static void test_training_entry_points(void **state)
{
	(void)state;
	const char *in_function =
		"from sklearn.ensemble import RandomForestClassifier\n"
		"def train(X, y):\n"
		"    clf = RandomForestClassifier()\n"
		"    clf.fit(X, y)\n"
		"    return clf\n";
	char guarded[512];
	snprintf(guarded, sizeof(guarded), "%sif __name__ == \"__main__\":\n    train(X, y)\n", in_function);
	const char *top_level =
		"import xgboost as xgb\n"
		"bst = xgb.train(params, dtrain)\n";

	/* library code that fits inside a function is not something one runs */
	assert_false(trains_at("pkg/model.py", in_function));
	/* a main guard, module-level training, or a name that says so make an entry point */
	assert_true(trains_at("pkg/model.py", guarded));
	assert_true(trains_at("pkg/run_experiment.py", top_level));
	assert_true(trains_at("pkg/train_model.py", in_function));
	assert_true(trains_at("finetune.py", in_function));
	/* benchmarks and test helpers measure code, they are not experiments */
	assert_false(trains_at("benchmarks/run.py", top_level));
	assert_false(trains_at("pkg/bench_fit.py", top_level));
	assert_false(trains_at("tests/helpers.py", top_level));
}

static void test_training_in_test_file_is_not_an_entry_point(void **state)
{
	(void)state;
	mlr_file_facts f = py_facts("tests/test_train.py",
		"import xgboost as xgb\n"
		"def test_train():\n"
		"    xgb.train(p, d)\n");
	assert_false(HAS(f.flags, MLR_FACT_TRAINS));
	assert_true(HAS(f.flags, MLR_FACT_HAS_TESTS));
	assert_null(f.train_call);
	mlr_file_facts_dispose(&f);
}

/* ------------------------------------------------------------------ tracking */

static void test_tracking(void **state)
{
	(void)state;
	assert_tracks("import mlflow\nmlflow.log_metric('acc', 0.9)\n", true);
	assert_tracks("import mlflow.sklearn\nmlflow.sklearn.autolog()\n", true);
	assert_tracks("import wandb as wb\nwb.log({'acc': 0.9})\n", true);
	assert_tracks("from wandb import log\nlog({'acc': 0.9})\n", true);
	assert_tracks("def run():\n    import mlflow\n    mlflow.start_run()\n", true);
	assert_tracks("from torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter('runs')\n", true);
	/* importing a tracker is not using it */
	assert_tracks("import mlflow\nprint('no logging here')\n", false);
	/* a local function that happens to be called log */
	assert_tracks("def log(x):\n    print(x)\nlog(1)\n", false);
	assert_tracks("import logging\nlogging.info('acc')\n", false);
}

static void test_tracking_lightning_self_log(void **state)
{
	(void)state;
	const char *module =
		"%s\n"
		"class Lit(%s):\n"
		"    def training_step(self, batch, idx):\n"
		"        loss = self.model(batch)\n"
		"        self.log('train_loss', loss)\n"
		"        return loss\n";
	char buf[512];
	snprintf(buf, sizeof(buf), module, "import lightning as L", "L.LightningModule");
	assert_tracks(buf, true);
	snprintf(buf, sizeof(buf), module, "import pytorch_lightning as pl", "pl.LightningModule");
	assert_tracks(buf, true);
	/* self.log without Lightning is the class's own method */
	snprintf(buf, sizeof(buf), module, "import torch", "torch.nn.Module");
	assert_tracks(buf, false);
}

static void test_tracking_hf_report_to(void **state)
{
	(void)state;
	const char *fmt = "from transformers import TrainingArguments\nargs = TrainingArguments(output_dir='o'%s)\n";
	char buf[256];
	snprintf(buf, sizeof(buf), fmt, ", report_to=\"wandb\"");
	assert_tracks(buf, true);
	snprintf(buf, sizeof(buf), fmt, ", report_to=['mlflow', 'tensorboard']");
	assert_tracks(buf, true);
	snprintf(buf, sizeof(buf), fmt, ", report_to=\"none\"");
	assert_tracks(buf, false);
	snprintf(buf, sizeof(buf), fmt, ", report_to='none'");
	assert_tracks(buf, false);
	snprintf(buf, sizeof(buf), fmt, ", report_to=None");
	assert_tracks(buf, false);
	snprintf(buf, sizeof(buf), fmt, ", report_to=[]");
	assert_tracks(buf, false);
	snprintf(buf, sizeof(buf), fmt, "");
	assert_tracks(buf, false);
}

/* ------------------------------------------------------------------ serving, modules */

static void test_serving(void **state)
{
	(void)state;
	assert_true(HAS(py_flags("app/main.py", "from fastapi import FastAPI\napp = FastAPI()\n"), MLR_FACT_SERVES));
	assert_true(HAS(py_flags("app/main.py", "import flask\napp = flask.Flask(__name__)\n"), MLR_FACT_SERVES));
	assert_true(HAS(py_flags("handler.py", "def lambda_handler(event, ctx):\n    return 1\n"), MLR_FACT_SERVES));
	assert_false(HAS(py_flags("app/main.py", "import requests\nrequests.get(u)\n"), MLR_FACT_SERVES));
	assert_false(HAS(py_flags("app/main.py", "import flasky\n"), MLR_FACT_SERVES));
	/* a test client is not a server */
	assert_false(HAS(py_flags("tests/test_api.py",
		"from fastapi.testclient import TestClient\ndef test_ok():\n    pass\n"), MLR_FACT_SERVES));
}

static void test_source_module_classification(void **state)
{
	(void)state;
	const char *src = "x = 1\n";
	assert_true(HAS(py_flags("src/pkg/model.py", src), MLR_FACT_SOURCE_MODULE));
	assert_true(HAS(py_flags("train.py", src), MLR_FACT_SOURCE_MODULE));
	assert_true(HAS(py_flags("mytests/x.py", src), MLR_FACT_SOURCE_MODULE));
	assert_true(HAS(py_flags("src/latest/x.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("tests/helpers.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("pkg/test/helpers.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("test_model.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("pkg/__init__.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("conftest.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("setup.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("docs/conf.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("scripts/run.py", src), MLR_FACT_SOURCE_MODULE));
	assert_false(HAS(py_flags("examples/demo.py", src), MLR_FACT_SOURCE_MODULE));
}

static bool has_import(const mlr_file_facts *f, const char *name)
{
	for (size_t i = 0; i < f->import_count; i++)
		if (!strcmp(f->imports[i], name))
			return true;
	return false;
}

static void test_imports_fact(void **state)
{
	(void)state;
	mlr_file_facts f = py_facts("pkg/train.py",
		"import numpy as np\n"
		"from .tracking import log_run\n"
		"from . import utils\n"
		"from pkg.sub import tracker\n");
	assert_true(has_import(&f, "numpy"));
	assert_true(has_import(&f, ".tracking"));
	assert_true(has_import(&f, ".tracking.log_run"));
	assert_true(has_import(&f, ".utils"));
	assert_true(has_import(&f, "pkg.sub"));
	assert_true(has_import(&f, "pkg.sub.tracker"));
	assert_false(has_import(&f, "np"));
	assert_false(has_import(&f, "tracking"));
	mlr_file_facts_dispose(&f);
	assert_null(f.imports);
	assert_int_equal(f.import_count, 0);
	mlr_file_facts_dispose(&f); /* twice is harmless */
	mlr_file_facts_dispose(NULL);
}

static void test_broken_python_still_has_facts(void **state)
{
	(void)state;
	uint32_t fl = py_flags("train.py",
		"import mlflow\n"
		"def broken(:\n"
		"mlflow.log_param('a', 1)\n");
	assert_true(HAS(fl, MLR_FACT_TRACKS));
}

/* ------------------------------------------------------------------ markdown */

static void test_model_card_by_name(void **state)
{
	(void)state;
	assert_true(HAS(md_flags("MODEL_CARD.md", "# Card\n"), MLR_FACT_MODEL_CARD));
	assert_true(HAS(md_flags("docs/model_card.md", ""), MLR_FACT_MODEL_CARD));
	assert_true(HAS(md_flags("ModelCard.md", "x"), MLR_FACT_MODEL_CARD));
	assert_true(HAS(md_flags("a/b/model-card.md", "x"), MLR_FACT_MODEL_CARD));
	assert_false(HAS(md_flags("docs/model_cards.md", "x"), MLR_FACT_MODEL_CARD));
	assert_false(HAS(md_flags("model_card.md/notes.md", "x"), MLR_FACT_MODEL_CARD));
	assert_false(HAS(md_flags("CHANGELOG.md", "x"), MLR_FACT_MODEL_CARD));
}

static void test_model_card_by_front_matter(void **state)
{
	(void)state;
	const char *hf = "---\nlicense: mit\ntags:\n  - text-classification\n---\n# My model\n";
	assert_true(HAS(md_flags("README.md", hf), MLR_FACT_MODEL_CARD));
	assert_true(HAS(md_flags("models/bert/readme.md", hf), MLR_FACT_MODEL_CARD));
	assert_true(HAS(md_flags("README.md", "\xef\xbb\xbf---\r\npipeline_tag: fill-mask\r\n---\r\n"),
		MLR_FACT_MODEL_CARD));
	assert_true(HAS(md_flags("README.md", "---\nmodel-index:\n- name: m\n---\n"), MLR_FACT_MODEL_CARD));
	/* front matter about something else: a blog post, a docs page */
	assert_false(HAS(md_flags("README.md", "---\ntitle: Blog\nlayout: post\n---\n# Hi\n"),
		MLR_FACT_MODEL_CARD));
	/* a card key nested under another key is not top-level */
	assert_false(HAS(md_flags("README.md", "---\nextra:\n  license: mit\n---\n"), MLR_FACT_MODEL_CARD));
	/* card keys outside front matter, or front matter never closed */
	assert_false(HAS(md_flags("README.md", "# Model\nlicense: mit\n"), MLR_FACT_MODEL_CARD));
	assert_false(HAS(md_flags("README.md", "---\nlicense: mit\n"), MLR_FACT_MODEL_CARD));
	assert_false(HAS(md_flags("README.md", "\n---\nlicense: mit\n---\n"), MLR_FACT_MODEL_CARD));
	assert_false(HAS(md_flags("README.md", "----\nlicense: mit\n---\n"), MLR_FACT_MODEL_CARD));
	assert_false(HAS(md_flags("README.md", ""), MLR_FACT_MODEL_CARD));
	assert_false(HAS(md_flags("README.md", "---"), MLR_FACT_MODEL_CARD));
	/* only a README counts by front matter */
	assert_false(HAS(md_flags("docs/intro.md", hf), MLR_FACT_MODEL_CARD));
}

static void test_markdown_hostile_bytes(void **state)
{
	(void)state;
	static const char data[] = "---\n\x00\xff\xfe\nlicense: x\x00\n---";
	mlr_file_facts f = { 0 };
	mlr_md_facts(&f, "README.md", data, sizeof(data) - 1);
	assert_true(HAS(f.flags, MLR_FACT_MODEL_CARD));
	/* the length bounds the read: the same bytes cut before the closing line */
	f.flags = 0;
	mlr_md_facts(&f, "README.md", data, sizeof(data) - 5);
	assert_false(HAS(f.flags, MLR_FACT_MODEL_CARD));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_test_file_naming),
		cmocka_unit_test(test_test_functions_and_classes),
		cmocka_unit_test(test_training_sklearn),
		cmocka_unit_test(test_scaler_fit_alone_does_not_train),
		cmocka_unit_test(test_training_torch_loop),
		cmocka_unit_test(test_training_hf_xgboost_keras),
		cmocka_unit_test(test_training_lightning_trainer_fit),
		cmocka_unit_test(test_training_entry_points),
		cmocka_unit_test(test_training_in_test_file_is_not_an_entry_point),
		cmocka_unit_test(test_tracking),
		cmocka_unit_test(test_tracking_lightning_self_log),
		cmocka_unit_test(test_tracking_hf_report_to),
		cmocka_unit_test(test_serving),
		cmocka_unit_test(test_source_module_classification),
		cmocka_unit_test(test_imports_fact),
		cmocka_unit_test(test_broken_python_still_has_facts),
		cmocka_unit_test(test_model_card_by_name),
		cmocka_unit_test(test_model_card_by_front_matter),
		cmocka_unit_test(test_markdown_hostile_bytes),
	};
	return cmocka_run_group_tests_name("facts", tests, NULL, NULL);
}
