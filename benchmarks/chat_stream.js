// nginx njs handlers of the benchmark server.
//
// chat, for POST /api/chat: the pre-generated NDJSON reply, one HTTP chunk per line.
// `chat_lines` is the array of lines (each ending in "\n") that nginx.conf preloads once with
// js_preload_object. Every r.send() hands one buffer to nginx's output filter chain, and the
// chunked-transfer filter frames each call as its own chunk: "<hex size>\r\n<line>\r\n", as
// Ollama's server does when it flushes after every object. With "options": {"num_predict": N}
// in the request (N smaller than the fixture), it stops after N content lines and sends the
// final line, as a server does when it reaches the token limit; otherwise the body is ignored.
//
// embed, for POST /api/embed on the batch port: one vector per input text, as Ollama answers,
// taken in turn from the preloaded `embed_rows` (JSON texts of float32 rows).

function chat(r) {
    var count = chat_lines.length - 1;
    var body = r.requestText ? JSON.parse(r.requestText) : {};
    if (body.options && typeof body.options.num_predict === 'number' && body.options.num_predict < count) {
        count = body.options.num_predict;
    }
    r.status = 200;
    r.headersOut['Content-Type'] = 'application/x-ndjson';
    r.sendHeader();
    for (var i = 0; i < count; i++) {
        r.send(chat_lines[i]);
    }
    r.send(chat_lines[chat_lines.length - 1]);
    r.finish();
}

function embed(r) {
    var body = JSON.parse(r.requestText);
    var input = typeof body.input === 'string' ? [body.input] : body.input;
    var rows = new Array(input.length);
    for (var i = 0; i < input.length; i++) {
        rows[i] = embed_rows[i % embed_rows.length];
    }
    r.headersOut['Content-Type'] = 'application/json; charset=utf-8';
    r.return(200, '{"model":' + JSON.stringify(body.model) + ',"embeddings":[' + rows.join(',') +
        '],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":' + (8 * input.length) + '}');
}

export default {chat, embed};
