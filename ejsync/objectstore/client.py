"""A boto3 client for the school's storage and the SSE-C arguments of its objects."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ejsync.errors import UserError
from ejsync.objectstore.settings import StorageSettings

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 30
POOL = 32  # connections kept open: publishing uploads many small files in parallel


@dataclass(frozen=True)
class Sse:
    """Server-side encryption with a key the school holds (SSE-C, AES-256)."""

    key: bytes

    def args(self) -> dict[str, object]:
        """boto3 arguments for put/get/head of an encrypted object (boto3 adds the MD5)."""
        return {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": self.key}

    def headers(self) -> dict[str, str]:
        """The same as HTTP request headers (for nginx in front of the bucket)."""
        return {
            "x-amz-server-side-encryption-customer-algorithm": "AES256",
            "x-amz-server-side-encryption-customer-key": base64.b64encode(self.key).decode(),
            "x-amz-server-side-encryption-customer-key-MD5":
                base64.b64encode(hashlib.md5(self.key).digest()).decode(),
        }


def storage_client(settings: StorageSettings):
    """A client for the school's storage with the school's credentials."""
    return s3_client(settings.endpoint, settings.access_key_id, settings.secret_access_key,
                     settings.region)


def s3_client(endpoint: str, access_key_id: str, secret_access_key: str,
              region: str = "us-east-1"):
    """A client with path-style addressing, short timeouts and the standard retries."""
    config = Config(
        s3={"addressing_style": "path"}, signature_version="s3v4",
        connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT,
        retries={"max_attempts": 3, "mode": "standard"}, max_pool_connections=POOL,
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint or None, region_name=region,
        aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key, config=config,
        verify=os.environ.get("AWS_CA_BUNDLE") or True,
    )


def storage_error(exc: Exception, endpoint: str, what: str) -> UserError:
    """A Russian message for a failed storage call: down, refused credentials, missing bucket."""
    where = endpoint or "S3"
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403"):
            return UserError(f"{what}: хранилище {where} не принимает ключи доступа ({code}). "
                             "Проверьте access_key_id и secret_access_key в настройках хранилища.")
        if code in ("NoSuchBucket", "404"):
            return UserError(f"{what}: в хранилище {where} нет корзины или объекта ({code}).")
        return UserError(f"{what}: хранилище {where} ответило ошибкой {code}.")
    if isinstance(exc, BotoCoreError):
        return UserError(f"{what}: хранилище {where} недоступно ({exc}). Проверьте, что оно "
                         "запущено и адрес верен; локальная работа школы от этого не зависит.")
    return UserError(f"{what}: {exc}")


def ensure_bucket(client, bucket: str) -> None:
    """Create the bucket if it is not there yet."""
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError:
        client.create_bucket(Bucket=bucket)


def list_keys(client, bucket: str, prefix: str) -> Iterator[dict]:
    """Every object under `prefix` (dicts with Key, Size, LastModified)."""
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        yield from page.get("Contents", [])
