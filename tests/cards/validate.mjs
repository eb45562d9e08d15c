// Parses Teams messages (a JSON array, from the file named as the first argument) with
// Microsoft's Adaptive Cards library, as a client does, and prints every parse and validation
// event. Exits 1 when there is any, or when a message is not one Workflows posts: one
// attachment of contentType application/vnd.microsoft.card.adaptive, card version <= 1.4.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// The package's ES build imports files without extensions, which Node cannot load; its
// bundled build (UMD, no DOM needed to parse) can be required.
const AC = require("adaptivecards/dist/adaptivecards.js");

const messages = JSON.parse(readFileSync(process.argv[2], "utf8"));
const problems = [];
messages.forEach((message, i) => {
  const attachments = message.attachments ?? [];
  if (message.type !== "message" || attachments.length !== 1) {
    problems.push(`${i}: not a message with one attachment`);
    return;
  }
  const [attachment] = attachments;
  if (attachment.contentType !== "application/vnd.microsoft.card.adaptive") {
    problems.push(`${i}: attachment is ${attachment.contentType}`);
    return;
  }
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(attachment.content, context);
  for (let e = 0; e < context.eventCount; e++) {
    problems.push(`${i}: parse: ${context.getEventAt(e).message}`);
  }
  const results = card.validateProperties();
  for (const event of results.validationEvents) {
    problems.push(`${i}: validate: ${event.message}`);
  }
  const version = card.version;
  if (!version || version.major !== 1 || version.minor > 4) {
    problems.push(`${i}: version ${version} (Workflows takes up to 1.4)`);
  }
});
console.log(JSON.stringify({ messages: messages.length, problems }));
process.exit(problems.length ? 1 : 0);
