"use client";
/** The detail layout's own check (./[tid]/layout.tsx) can fail too (database trouble): the same message as the page's. */
export { default } from "./[tid]/error";
