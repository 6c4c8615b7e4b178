Deno.serve({ port: 8008 }, () => new Response("hi"));
