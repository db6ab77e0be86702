/**
 * Protocol v1 of Stratus: JSON-RPC 2.0 service interfaces, their message records and error
 * codes, one sub-package per feature. Depends only on LSP4J's jsonrpc.
 */
package dev.stratus.protocol;
