#include "source/source.h"

#include <string.h>
#include <strings.h>

static const char *const kind_names[MLR_KIND__COUNT] = {
	[MLR_KIND_PYTHON] = "python",
	[MLR_KIND_NOTEBOOK] = "notebook",
	[MLR_KIND_YAML] = "yaml",
	[MLR_KIND_MARKDOWN] = "markdown",
	[MLR_KIND_TEXT] = "text",
	[MLR_KIND_DATA] = "data",
	[MLR_KIND_MODEL] = "model",
	[MLR_KIND_BINARY] = "binary",
};

const char *mlr_file_kind_name(mlr_file_kind kind)
{
	if ((unsigned)kind >= MLR_KIND__COUNT)
		return "unknown";
	return kind_names[kind];
}

/*
 * Extensions, compared case-insensitively. Anything not listed is text: content sniffing
 * at read time catches binaries with unknown extensions, and text is where secrets hide
 * (.env, .cfg, .toml, .json, .jsonl, .sh all stay text on purpose).
 *
 * .h5 and .keras are models because Keras saves whole models under them; .hdf5 is more
 * often a dataset, so it is data. .bin is a model: Hugging Face weights use it.
 */
static const struct {
	const char *ext;
	mlr_file_kind kind;
} ext_table[] = {
	{ "py", MLR_KIND_PYTHON }, { "pyi", MLR_KIND_PYTHON },
	{ "ipynb", MLR_KIND_NOTEBOOK },
	{ "yml", MLR_KIND_YAML }, { "yaml", MLR_KIND_YAML },
	{ "md", MLR_KIND_MARKDOWN }, { "markdown", MLR_KIND_MARKDOWN },

	{ "csv", MLR_KIND_DATA }, { "tsv", MLR_KIND_DATA }, { "parquet", MLR_KIND_DATA },
	{ "feather", MLR_KIND_DATA }, { "arrow", MLR_KIND_DATA }, { "avro", MLR_KIND_DATA },
	{ "orc", MLR_KIND_DATA }, { "npy", MLR_KIND_DATA }, { "npz", MLR_KIND_DATA },
	{ "hdf5", MLR_KIND_DATA }, { "xlsx", MLR_KIND_DATA }, { "xls", MLR_KIND_DATA },
	{ "tfrecord", MLR_KIND_DATA }, { "sqlite", MLR_KIND_DATA }, { "sqlite3", MLR_KIND_DATA },
	{ "db", MLR_KIND_DATA },

	{ "pt", MLR_KIND_MODEL }, { "pth", MLR_KIND_MODEL }, { "ckpt", MLR_KIND_MODEL },
	{ "h5", MLR_KIND_MODEL }, { "keras", MLR_KIND_MODEL }, { "pkl", MLR_KIND_MODEL },
	{ "pickle", MLR_KIND_MODEL }, { "joblib", MLR_KIND_MODEL }, { "onnx", MLR_KIND_MODEL },
	{ "safetensors", MLR_KIND_MODEL }, { "bin", MLR_KIND_MODEL }, { "tflite", MLR_KIND_MODEL },
	{ "pb", MLR_KIND_MODEL }, { "mar", MLR_KIND_MODEL }, { "gguf", MLR_KIND_MODEL },
	{ "ggml", MLR_KIND_MODEL },

	{ "png", MLR_KIND_BINARY }, { "jpg", MLR_KIND_BINARY }, { "jpeg", MLR_KIND_BINARY },
	{ "gif", MLR_KIND_BINARY }, { "bmp", MLR_KIND_BINARY }, { "webp", MLR_KIND_BINARY },
	{ "tif", MLR_KIND_BINARY }, { "tiff", MLR_KIND_BINARY }, { "ico", MLR_KIND_BINARY },
	{ "pdf", MLR_KIND_BINARY }, { "zip", MLR_KIND_BINARY }, { "gz", MLR_KIND_BINARY },
	{ "tgz", MLR_KIND_BINARY }, { "bz2", MLR_KIND_BINARY }, { "xz", MLR_KIND_BINARY },
	{ "7z", MLR_KIND_BINARY }, { "tar", MLR_KIND_BINARY }, { "whl", MLR_KIND_BINARY },
	{ "so", MLR_KIND_BINARY }, { "dylib", MLR_KIND_BINARY }, { "dll", MLR_KIND_BINARY },
	{ "exe", MLR_KIND_BINARY }, { "o", MLR_KIND_BINARY }, { "a", MLR_KIND_BINARY },
	{ "pyc", MLR_KIND_BINARY }, { "jar", MLR_KIND_BINARY }, { "class", MLR_KIND_BINARY },
	{ "woff", MLR_KIND_BINARY }, { "woff2", MLR_KIND_BINARY }, { "ttf", MLR_KIND_BINARY },
	{ "otf", MLR_KIND_BINARY }, { "mp3", MLR_KIND_BINARY }, { "mp4", MLR_KIND_BINARY },
	{ "wav", MLR_KIND_BINARY }, { "avi", MLR_KIND_BINARY }, { "mov", MLR_KIND_BINARY },
};

mlr_file_kind mlr_file_kind_of_path(const char *path)
{
	if (!path)
		return MLR_KIND_TEXT;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	/* ".env", ".gitignore": a leading dot starts a name, not an extension */
	if (!dot || dot == base || dot[1] == '\0')
		return MLR_KIND_TEXT;
	const char *ext = dot + 1;
	for (size_t i = 0; i < sizeof(ext_table) / sizeof(ext_table[0]); i++) {
		if (strcasecmp(ext, ext_table[i].ext) == 0)
			return ext_table[i].kind;
	}
	return MLR_KIND_TEXT;
}
