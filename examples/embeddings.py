"""Embeddings: turn texts into vectors and find the document closest to a question.

    OLLAMA_HOST=http://localhost:11434 python examples/embeddings.py

Needs an embedding model; it comes from OLLAMA_MODEL (default: all-minilm).
"""

import os

from ollama_python import EmbeddingAPI

documents = [
    "Llamas are members of the camelid family.",
    "The Eiffel Tower is in Paris.",
    "Python is a programming language.",
]
question = "Which animals are related to camels?"

with EmbeddingAPI(model=os.environ.get("OLLAMA_MODEL", "all-minilm")) as emb:
    vectors = emb.embed(documents).embeddings  # one vector per text, in order
    query = emb.embed(question).embeddings[0]

print(f"{len(vectors)} documents embedded, {len(query)} dimensions each.")
# The vectors are L2-normalised, so the dot product is the cosine similarity.
scores = [sum(a * b for a, b in zip(query, vector, strict=True)) for vector in vectors]
for score, document in sorted(zip(scores, documents, strict=True), reverse=True):
    print(f"{score:+.3f}  {document}")
print(f"Best match for {question!r}: {documents[scores.index(max(scores))]}")
