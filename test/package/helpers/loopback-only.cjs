// Preloaded (node --require) into the consumer programs the packaging tests run: a connection to
// any host but loopback throws, so a wrong base URL fails the test instead of reaching a real API.
const net = require('node:net');

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function connectToLoopbackOnly(...args) {
  // Node passes either (options[, listener]), (port[, host][, listener]) or its normalized [options, listener].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === 'object' ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  const isUnixSocket = typeof options.path === 'string' && options.host === undefined;
  const host = options.host ?? 'localhost';
  if (!isUnixSocket && !LOOPBACK.test(host)) {
    throw new Error(`packaging test: connection to ${host}:${options.port} blocked (loopback only)`);
  }
  return connect.apply(this, args);
};
