// nginx njs handler for POST /api/chat: the pre-generated NDJSON reply, one HTTP chunk per line.
//
// `chat_lines` is the array of lines (each ending in "\n") that nginx.conf preloads once with
// js_preload_object. Every r.send() hands one buffer to nginx's output filter chain, and the
// chunked-transfer filter frames each call as its own chunk: "<hex size>\r\n<line>\r\n", as
// Ollama's server does when it flushes after every object. The request body was already read by
// js_content and is ignored.

function chat(r) {
    r.status = 200;
    r.headersOut['Content-Type'] = 'application/x-ndjson';
    r.sendHeader();
    for (var i = 0; i < chat_lines.length; i++) {
        r.send(chat_lines[i]);
    }
    r.finish();
}

export default {chat};
