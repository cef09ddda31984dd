// Hand-built descriptors for the two messages/services of other APIs the
// client needs and proto/ does not define: google.rpc.BadRequest (the error
// details of INVALID_ARGUMENT) and the standard gRPC health service
// (grpc.health.v1.Health/Check). They are built at run time from
// FileDescriptorProto messages, so no .proto file or code generation is
// needed; field names and numbers are those of the upstream protos
// (googleapis google/rpc/error_details.proto, grpc
// src/proto/grpc/health/v1/health.proto).

import { create, createFileRegistry } from "@bufbuild/protobuf";
import type { Message } from "@bufbuild/protobuf";
import type { GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FileDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";

/** google.rpc.BadRequest.FieldViolation: one invalid field of a request. */
export type FieldViolationMessage = Message<"google.rpc.BadRequest.FieldViolation"> & {
  /** Path of the field, such as "flows[3].destination_port". */
  field: string;
  /** Why the field is invalid. */
  description: string;
};

/** google.rpc.BadRequest: the field violations of an invalid request. */
export type BadRequestMessage = Message<"google.rpc.BadRequest"> & {
  fieldViolations: FieldViolationMessage[];
};

/** grpc.health.v1.HealthCheckResponse.ServingStatus. */
export enum ServingStatus {
  UNKNOWN = 0,
  SERVING = 1,
  NOT_SERVING = 2,
  SERVICE_UNKNOWN = 3,
}

/** grpc.health.v1.HealthCheckRequest. */
export type HealthCheckRequest = Message<"grpc.health.v1.HealthCheckRequest"> & {
  service: string;
};

/** grpc.health.v1.HealthCheckResponse. */
export type HealthCheckResponse = Message<"grpc.health.v1.HealthCheckResponse"> & {
  status: ServingStatus;
};

const optionalString = (name: string, number: number, jsonName: string) => ({
  name,
  number,
  jsonName,
  label: Label.OPTIONAL,
  type: Type.STRING,
});

const errorDetailsFile = create(FileDescriptorProtoSchema, {
  name: "google/rpc/error_details.proto",
  package: "google.rpc",
  syntax: "proto3",
  messageType: [
    {
      name: "BadRequest",
      field: [
        {
          name: "field_violations",
          number: 1,
          jsonName: "fieldViolations",
          label: Label.REPEATED,
          type: Type.MESSAGE,
          typeName: ".google.rpc.BadRequest.FieldViolation",
        },
      ],
      nestedType: [
        {
          name: "FieldViolation",
          field: [optionalString("field", 1, "field"), optionalString("description", 2, "description")],
        },
      ],
    },
  ],
});

const healthFile = create(FileDescriptorProtoSchema, {
  name: "grpc/health/v1/health.proto",
  package: "grpc.health.v1",
  syntax: "proto3",
  messageType: [
    { name: "HealthCheckRequest", field: [optionalString("service", 1, "service")] },
    {
      name: "HealthCheckResponse",
      field: [
        {
          name: "status",
          number: 1,
          jsonName: "status",
          label: Label.OPTIONAL,
          type: Type.ENUM,
          typeName: ".grpc.health.v1.HealthCheckResponse.ServingStatus",
        },
      ],
      enumType: [
        {
          name: "ServingStatus",
          value: [
            { name: "UNKNOWN", number: 0 },
            { name: "SERVING", number: 1 },
            { name: "NOT_SERVING", number: 2 },
            { name: "SERVICE_UNKNOWN", number: 3 },
          ],
        },
      ],
    },
  ],
  service: [
    {
      name: "Health",
      method: [
        {
          name: "Check",
          inputType: ".grpc.health.v1.HealthCheckRequest",
          outputType: ".grpc.health.v1.HealthCheckResponse",
        },
      ],
    },
  ],
});

const registry = createFileRegistry(
  createFileRegistry(errorDetailsFile, () => undefined),
  createFileRegistry(healthFile, () => undefined),
);

function mustMessage<T extends Message>(typeName: string): GenMessage<T> {
  const desc = registry.getMessage(typeName);
  if (desc === undefined) {
    throw new Error(`netverdict: descriptor of ${typeName} missing`);
  }
  return desc as GenMessage<T>;
}

/** Schema of google.rpc.BadRequest, for ConnectError.findDetails. */
export const BadRequestSchema: GenMessage<BadRequestMessage> = mustMessage<BadRequestMessage>("google.rpc.BadRequest");

/** Schema of grpc.health.v1.HealthCheckRequest. */
export const HealthCheckRequestSchema: GenMessage<HealthCheckRequest> =
  mustMessage<HealthCheckRequest>("grpc.health.v1.HealthCheckRequest");

/** Schema of grpc.health.v1.HealthCheckResponse. */
export const HealthCheckResponseSchema: GenMessage<HealthCheckResponse> =
  mustMessage<HealthCheckResponse>("grpc.health.v1.HealthCheckResponse");

const healthService = registry.getService("grpc.health.v1.Health");
if (healthService === undefined) {
  throw new Error("netverdict: descriptor of grpc.health.v1.Health missing");
}

/** The gRPC health service (Check only), typed for createClient. */
export const HealthService = healthService as GenService<{
  check: {
    methodKind: "unary";
    input: typeof HealthCheckRequestSchema;
    output: typeof HealthCheckResponseSchema;
  };
}>;
