import { execFileSync } from "node:child_process";

// Checks an SMS answer as a gateway reads it. Twilio publishes no XSD for messaging TwiML (none is
// on the npm registry either; the schemas that circulate are old voice-only copies), so this does
// what its parser does with what we send: xmllint (libxml2) parses it, refusing anything that is
// not well-formed XML, and XPath checks the structure: the root is <Response>, and its children
// are only <Message> verbs (at least one), each holding plain text (no <Body>/<Media> nouns, no
// attributes, no other verbs).

const xmllint = (args: string[], xml: string) => execFileSync("xmllint", args, { input: xml, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");

/** The text of each <Message>, in order; throws (with the reason) unless the TwiML is that shape. */
export function checkTwiml(xml: string): string[] {
  if (!/^<\?xml version="1\.0" encoding="UTF-8"\?>/.test(xml)) throw new Error("no UTF-8 XML declaration");
  xmllint(["--noout", "-"], xml);
  const value = (expression: string) => xmllint(["--xpath", expression, "-"], xml).trim();
  const facts = {
    root: value("name(/*)"),
    // Anything in <Response> but <Message> elements and whitespace.
    others: value("count(/*/node()[(self::* and not(self::Message)) or (self::text() and normalize-space()) or self::comment() or self::processing-instruction()])"),
    nested: value("count(/Response/Message/* | /Response/Message/@* | /Response/@*)"),
  };
  const messages = Number(value("count(/Response/Message)"));
  if (facts.root !== "Response" || facts.others !== "0" || facts.nested !== "0" || messages < 1) {
    throw new Error(`not the TwiML of plain <Message> verbs: ${JSON.stringify({ ...facts, messages })}`);
  }
  // xmllint ends what it prints with a newline of its own.
  return Array.from({ length: messages }, (_, i) => xmllint(["--xpath", `string(/Response/Message[${i + 1}])`, "-"], xml).replace(/\n$/, ""));
}
