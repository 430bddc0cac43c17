"""Chat with a model on your Ollama server, streaming the answer.

    OLLAMA_HOST=http://localhost:11434 python examples/quickstart.py "Why is the sky blue?"

The model comes from OLLAMA_MODEL (default: llama3.2).
"""

import os
import sys

from ollama_python import ConnectionError, GenerateAPI, NotFoundError, ResponseError


def main() -> int:
    model = os.environ.get("OLLAMA_MODEL", "llama3.2")
    question = " ".join(sys.argv[1:]) or "Why is the sky blue? Answer in two sentences."
    with GenerateAPI(model=model) as gen:
        try:
            with gen.chat(messages=[{"role": "user", "content": question}], stream=True) as stream:
                for chunk in stream:
                    print(chunk.message.content, end="", flush=True)
            print()
        except ConnectionError as error:
            print(f"\nNo Ollama server answered at {gen.base_url}.\n{error}", file=sys.stderr)
            print("Install Ollama from https://ollama.com/download and run `ollama serve`,", file=sys.stderr)
            print("or point OLLAMA_HOST at a running server.", file=sys.stderr)
            return 1
        except NotFoundError:
            print(f"\nThe model {model!r} is not installed: run `ollama pull {model}`", file=sys.stderr)
            print("or choose another one with OLLAMA_MODEL=<name>.", file=sys.stderr)
            return 1
        except ResponseError as error:
            print(f"\nThe server refused the request: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
