import type { FastifyReply, FastifyRequest } from 'fastify';

import { problemFor, sendProblem } from '../http/problem.ts';

export type DeviceErrorCode = 'DEVICE_NOT_FOUND' | 'DEVICE_KEY_MISSING' | 'DEVICE_KEY_INVALID';

/** Sends a device authentication problem from the error catalogue, in the caller's language. */
export function sendDeviceProblem(request: FastifyRequest, reply: FastifyReply, code: DeviceErrorCode, serial: string): FastifyReply {
  if (code !== 'DEVICE_NOT_FOUND') {
    reply.header('www-authenticate', 'Device');
  }
  return sendProblem(reply, problemFor(request, code, { serial }));
}
