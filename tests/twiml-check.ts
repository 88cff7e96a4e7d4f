import { execFileSync } from "node:child_process";

// Checks an SMS answer as a gateway reads it. Twilio publishes no XSD for messaging TwiML (none is
// on the npm registry either; the schemas that circulate are old voice-only copies), so this does
// what its parser does with what we send: xmllint (libxml2) parses it, refusing anything that is
// not well-formed XML, and XPath checks the structure: the root is <Response>, with exactly one
// child, a <Message> holding plain text (no <Body>/<Media> nouns, no other verbs).

const xmllint = (args: string[], xml: string) => execFileSync("xmllint", args, { input: xml, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");

/** The text of the one <Message>; throws (with the reason) unless the TwiML is that shape. */
export function checkTwiml(xml: string): string {
  xmllint(["--noout", "-"], xml);
  const value = (expression: string) => xmllint(["--xpath", expression, "-"], xml).trim();
  const facts = {
    root: value("name(/*)"),
    children: value("count(/*/node()[self::* or (self::text() and normalize-space())])"),
    messages: value("count(/Response/Message)"),
    nested: value("count(/Response/Message/*)"),
    attributes: value("count(/Response/Message/@*)"),
  };
  const expected = { root: "Response", children: "1", messages: "1", nested: "0", attributes: "0" };
  if (JSON.stringify(facts) !== JSON.stringify(expected)) throw new Error(`not the TwiML of one plain <Message>: ${JSON.stringify(facts)}`);
  if (!/^<\?xml version="1\.0" encoding="UTF-8"\?>/.test(xml)) throw new Error("no UTF-8 XML declaration");
  // xmllint ends what it prints with a newline of its own.
  return xmllint(["--xpath", "string(/Response/Message)", "-"], xml).replace(/\n$/, "");
}
