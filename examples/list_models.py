"""List the models installed on the server, like ``ollama list``.

    OLLAMA_HOST=http://localhost:11434 python examples/list_models.py

In Jupyter, a ``list()`` result on its own in a cell renders as a table.
"""

from ollama_python import ModelManagementAPI


def human(size: int) -> str:
    """Bytes in decimal units, as the ollama CLI shows them."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"


with ModelManagementAPI() as models:
    installed = models.list().models  # newest first

print(f"{'NAME':<32} {'SIZE':>9}  {'PARAMS':>7}  {'QUANT':<8} MODIFIED")
for model in installed:
    modified = model.modified_at.strftime("%Y-%m-%d %H:%M") if model.modified_at else "?"
    params, quantization = model.details.parameter_size, model.details.quantization_level
    print(f"{model.name:<32} {human(model.size):>9}  {params:>7}  {quantization:<8} {modified}")
print(f"{len(installed)} models installed")
