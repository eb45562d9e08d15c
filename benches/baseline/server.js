// A bare Node.js `ws` broadcast server for the load benchmark (`cargo bench --bench load`):
// it speaks just enough of the workshop protocol (hello → welcome; add_card and vote →
// an event to everyone in the room) and persists and checks nothing.
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 9002);
const rooms = new Map(); // code → { seq, clients: Set }
let nextParticipant = 1;

const server = http.createServer((req, res) => {
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 8 * 1024 });

wss.on('connection', (socket, req) => {
  const code = (req.url || '').split('/').pop();
  let room = rooms.get(code);
  if (!room) {
    room = { seq: 0, clients: new Set() };
    rooms.set(code, room);
  }
  room.clients.add(socket);
  const participant = nextParticipant++;
  socket.on('message', (data) => {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    let event;
    if (message.type === 'hello') {
      socket.send(JSON.stringify({ type: 'welcome', version: 1, participant, resume_token: '', snapshot: null }));
      return;
    } else if (message.type === 'add_card') {
      room.seq += 1;
      event = { kind: 'card_added', card: room.seq, by: participant, text: message.text };
    } else if (message.type === 'vote') {
      room.seq += 1;
      event = { kind: 'voted', card: message.card, by: participant };
    } else {
      return;
    }
    const frame = JSON.stringify({ type: 'event', seq: room.seq, event });
    for (const client of room.clients) client.send(frame);
  });
  socket.on('close', () => room.clients.delete(socket));
  socket.on('error', () => {});
});

server.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
