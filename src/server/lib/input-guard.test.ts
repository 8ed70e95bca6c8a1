import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { handleError } from "./errors.js";
import { findInputProblem, MAX_INPUT_DEPTH, registerInputGuard, textProblem } from "./input-guard.js";

describe("findInputProblem", () => {
  it("accepts any valid Unicode text: emoji (surrogate pairs), RTL marks, combining marks, HTML and SQL", () => {
    expect(
      findInputProblem({
        name: "😀👩‍👩‍👧‍👦 \u202eevil\u202c Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o",
        tags: ["<script>alert(1)</script>", "' or 1=1 --"],
        nested: { "\u{1F600}": "\u{10FFFF}" },
      }),
    ).toBeUndefined();
  });

  it("names the first NUL, lone surrogate or too-deep value by its path, keys included", () => {
    expect(findInputProblem({ a: "ok", b: ["x", "y\u0000"] })).toEqual({
      path: "b.1",
      message: "must not contain the NUL character (\\u0000)",
    });
    expect(findInputProblem({ properties: { "\ud800": 1 } })?.path).toBe("properties.\ud800");
    expect(findInputProblem({ properties: { "\ud800": 1 } })?.message).toMatch(/^field name /);
    expect(textProblem("high \ud83d alone")).toMatch(/lone surrogate/);
    expect(textProblem("low \ude00 alone")).toMatch(/lone surrogate/);
    expect(textProblem("pair \ud83d\ude00")).toBeUndefined();
    expect(findInputProblem("\u0000")?.path).toBe("");
  });

  it("refuses nesting deeper than the limit without overflowing its own stack", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findInputProblem({ x: deep })?.message).toBe(`is nested more than ${MAX_INPUT_DEPTH} levels deep`);
    let fine: unknown = "bottom";
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) fine = { a: fine };
    expect(findInputProblem(fine)).toBeUndefined();
  });
});

describe("registerInputGuard", () => {
  it("answers 400 in the API's error shape for bodies, query strings and path parameters", async () => {
    const app = Fastify();
    app.setErrorHandler(handleError);
    app.post("/things/:id", async () => ({ ok: true }));
    registerInputGuard(app);
    registerInputGuard(app); // twice is harmless
    const body = await app.inject({
      method: "POST",
      url: "/things/1",
      payload: '{"name":"a\\u0000b"}',
      headers: { "content-type": "application/json" },
    });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toEqual({
      error: {
        code: "invalid_input",
        message: "name: must not contain the NUL character (\\u0000)",
        details: [{ path: "name", message: "must not contain the NUL character (\\u0000)" }],
      },
    });
    const query = await app.inject({ method: "POST", url: "/things/1?q=%00", payload: {} });
    expect(query.json().error.details[0].path).toBe("q");
    const params = await app.inject({ method: "POST", url: "/things/%00", payload: {} });
    expect(params.json().error.details[0].path).toBe("id");
    const ok = await app.inject({ method: "POST", url: "/things/1?q=😀", payload: { name: "😀" } });
    expect(ok.statusCode).toBe(200);
    await app.close();
  });
});
