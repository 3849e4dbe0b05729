import { Router } from 'express';
export function recordsRoutes(): Router { return Router(); }
