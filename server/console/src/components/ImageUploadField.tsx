import { ArrowLeftOutlined, ArrowRightOutlined, PlusOutlined } from '@ant-design/icons';
import { ProForm, type ProFormItemProps } from '@ant-design/pro-components';
import type { MediaAsset } from '@member/shared';
import { App, Button, Image, Tag, Tooltip, Upload, type UploadFile, type UploadProps } from 'antd';
import { useEffect, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { mediaApi } from '../api/media';
import { errorText } from '../utils/feedback';

/**
 * Props of the image list input: `value` / `onChange` are the form's (MediaAsset ids, the first is the cover).
 *
 * - `maxCount` — most images (default 6); the add tile hides at the limit.
 * - `assets` — MediaAsset of ids already saved (e.g. MallGoodsAdmin.images), so they show without a request;
 *   ids it does not cover are fetched with GET /api/v1/admin/media?ids=.
 * - `onAssetsChange` — called with the assets of the current ids, in order, whenever they change (a live
 *   preview can show the cover).
 * - `disabled` — shows the images without add, remove or reorder.
 * - `testId` — data-testid of the field (default "image-upload"); tiles are `${testId}-item` (data-media-id),
 *   the cover's badge `${testId}-cover`, the move buttons `${testId}-left` / `${testId}-right`, the add tile
 *   `${testId}-add`, and the file input is the one input[type=file] inside.
 */
export interface ImageUploadInputProps {
  value?: number[];
  onChange?: (ids: number[]) => void;
  maxCount?: number;
  assets?: MediaAsset[];
  onAssetsChange?: (assets: MediaAsset[]) => void;
  disabled?: boolean;
  testId?: string;
}

const ACCEPT = 'image/jpeg,image/png,image/webp';
const EMPTY: number[] = [];

/** `ids` with the element at `from` moved to `to`. */
export function moveId(ids: number[], from: number, to: number): number[] {
  if (from === to || from < 0 || to < 0 || from >= ids.length || to >= ids.length) return ids;
  const next = [...ids];
  const [id] = next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

const tileUid = (id: number) => `media-${id}`;

/**
 * Uploads images one by one with progress (antd Upload, picture cards) into a list of MediaAsset ids: click
 * a tile to preview it, drag it (or use its arrows) to reorder, the first is the cover (封面). A failed
 * upload stays as a red tile with the server's message until removed.
 */
export function ImageUploadInput({
  value = EMPTY,
  onChange,
  maxCount = 6,
  assets,
  onAssetsChange,
  disabled,
  testId = 'image-upload',
}: ImageUploadInputProps) {
  const { message } = App.useApp();
  const [known, setKnown] = useState<Map<number, MediaAsset>>(() => new Map(assets?.map((a) => [a.id, a])));
  const [missing, setMissing] = useState<Set<number>>(new Set());
  // Uploads in flight and failed ones; finished uploads live in `value` (the form's ids).
  const [pending, setPending] = useState<UploadFile<MediaAsset>[]>([]);
  const [preview, setPreview] = useState<string | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  // The dragged id for the drop handler: a drop can arrive before React re-renders after dragstart, when
  // the `dragging` state in the handler's closure is still null (a quick drag was lost that way).
  const dragged = useRef<number | null>(null);
  // Uploads finish one after another between renders: each adds to the latest ids, not to its render's.
  const ids = useRef(value);
  ids.current = value;
  const assetsChanged = useRef(onAssetsChange);
  assetsChanged.current = onAssetsChange;

  const setIds = (next: number[]) => {
    ids.current = next;
    onChange?.(next);
  };
  const remember = (list: MediaAsset[]) =>
    setKnown((prev) =>
      list.every((a) => prev.get(a.id) === a) ? prev : new Map([...prev, ...list.map((a) => [a.id, a] as const)]),
    );

  useEffect(() => {
    if (assets?.length) remember(assets);
  }, [assets]);

  // Esc while the preview shows closes the preview only. Caught on window in the capture phase, before React's
  // root listener: left to bubble, it also reached the drawer holding the form whenever the focus was still in
  // the drawer, and closed it with the operator's edits.
  useEffect(() => {
    if (!preview) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      setPreview(null);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [preview]);

  // Saved ids the form was given without their assets: ask the server once for them.
  useEffect(() => {
    const unknown = value.filter((id) => !known.has(id) && !missing.has(id));
    if (!unknown.length) return;
    let live = true;
    mediaApi.byIds(unknown).then(
      (found) => {
        if (!live) return;
        remember(found);
        const gone = unknown.filter((id) => !found.some((a) => a.id === id));
        if (gone.length) setMissing((prev) => new Set([...prev, ...gone]));
      },
      (e: unknown) => live && message.error(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [value, known, missing, message]);

  useEffect(() => {
    assetsChanged.current?.(value.flatMap((id) => known.get(id) ?? []));
  }, [value, known]);

  const fileList = useMemo<UploadFile<MediaAsset>[]>(
    () => [
      ...value.map((id): UploadFile<MediaAsset> => {
        const asset = known.get(id);
        if (asset)
          return {
            uid: tileUid(id),
            name: `图片 ${id}`,
            status: 'done',
            url: asset.url,
            thumbUrl: asset.thumbUrl,
            response: asset,
          };
        if (missing.has(id))
          return {
            uid: tileUid(id),
            name: `图片 ${id}`,
            status: 'error',
            response: '图片不存在或已删除，请移除' as never,
          };
        return { uid: tileUid(id), name: `图片 ${id}`, status: 'uploading', percent: 100 };
      }),
      ...pending,
    ],
    [value, known, missing, pending],
  );

  const upsertPending = (file: UploadFile<MediaAsset>) =>
    setPending((prev) =>
      prev.some((f) => f.uid === file.uid) ? prev.map((f) => (f.uid === file.uid ? file : f)) : [...prev, file],
    );
  const dropPending = (uid: string) => setPending((prev) => prev.filter((f) => f.uid !== uid));

  const onUploadChange: UploadProps<MediaAsset>['onChange'] = ({ file }) => {
    if (file.status === 'removed') {
      const id = value.find((v) => tileUid(v) === file.uid);
      if (id !== undefined) setIds(ids.current.filter((v) => v !== id));
      else dropPending(file.uid);
      return;
    }
    if (file.status === 'done' && file.response) {
      const asset = file.response;
      dropPending(file.uid);
      remember([asset]);
      // The same picture uploaded again is the same asset (the server stores it once).
      if (ids.current.includes(asset.id)) message.info('这张图片已在列表中');
      else setIds([...ids.current, asset.id]);
      return;
    }
    upsertPending({ ...file });
  };

  const customRequest: UploadProps<MediaAsset>['customRequest'] = ({ file, onProgress, onSuccess, onError }) => {
    const controller = new AbortController();
    mediaApi
      .upload(file as File, { onProgress: (percent) => onProgress?.({ percent }), signal: controller.signal })
      .then(
        (asset) => onSuccess?.(asset),
        (e: unknown) => {
          if (e instanceof ApiError && e.code === 'ABORTED') return;
          const text = errorText(e);
          message.error(`${(file as File).name ?? '图片'}：${text}`);
          // antd shows a string response as the failed tile's tooltip.
          onError?.(new Error(text), text as never);
        },
      );
    return { abort: () => controller.abort() };
  };

  const beforeUpload: UploadProps['beforeUpload'] = (file, batch) => {
    const room = maxCount - ids.current.length - pending.filter((f) => f.status === 'uploading').length;
    if (batch.indexOf(file) >= room) {
      if (batch.indexOf(file) === Math.max(room, 0)) message.warning(`最多上传 ${maxCount} 张图片`);
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const move = (from: number, to: number) => setIds(moveId(ids.current, from, to));
  const drop = (e: DragEvent, to: number) => {
    e.preventDefault();
    if (dragged.current !== null) move(ids.current.indexOf(dragged.current), to);
    dragged.current = null;
    setDragging(null);
  };

  const itemRender: UploadProps<MediaAsset>['itemRender'] = (node, file) => {
    const index = value.findIndex((id) => tileUid(id) === file.uid);
    if (index < 0) return node;
    const id = value[index];
    const sortable = !disabled && value.length > 1;
    return (
      <div
        data-testid={`${testId}-item`}
        data-media-id={id}
        draggable={sortable}
        onDragStart={(e) => {
          e.dataTransfer.effectAllowed = 'move';
          dragged.current = id;
          setDragging(id);
        }}
        onDragEnd={() => {
          dragged.current = null;
          setDragging(null);
        }}
        onDragOver={(e) => sortable && e.preventDefault()}
        onDrop={(e) => drop(e, index)}
        style={{
          position: 'relative',
          height: '100%',
          opacity: dragging === id ? 0.4 : 1,
          cursor: sortable ? 'move' : undefined,
        }}
      >
        {node}
        {index === 0 && (
          <Tag
            color="orange"
            data-testid={`${testId}-cover`}
            style={{ position: 'absolute', top: 4, left: 4, margin: 0, pointerEvents: 'none', zIndex: 2 }}
          >
            封面
          </Tag>
        )}
        {sortable && (
          // Above antd's hover layer (preview / remove), which covers the whole tile.
          <div style={{ position: 'absolute', bottom: 4, right: 4, display: 'flex', gap: 2, zIndex: 2 }}>
            <Tooltip title={index === 1 ? '设为封面' : '前移'}>
              <Button
                size="small"
                type="text"
                aria-label="前移"
                data-testid={`${testId}-left`}
                disabled={index === 0}
                icon={<ArrowLeftOutlined />}
                onClick={() => move(index, index - 1)}
                style={{ background: 'rgba(255,255,255,0.85)' }}
              />
            </Tooltip>
            <Tooltip title="后移">
              <Button
                size="small"
                type="text"
                aria-label="后移"
                data-testid={`${testId}-right`}
                disabled={index === value.length - 1}
                icon={<ArrowRightOutlined />}
                onClick={() => move(index, index + 1)}
                style={{ background: 'rgba(255,255,255,0.85)' }}
              />
            </Tooltip>
          </div>
        )}
      </div>
    );
  };

  const full = value.length + pending.filter((f) => f.status === 'uploading').length >= maxCount;
  return (
    <div data-testid={testId}>
      <Upload<MediaAsset>
        listType="picture-card"
        accept={ACCEPT}
        multiple
        disabled={disabled}
        fileList={fileList}
        beforeUpload={beforeUpload}
        customRequest={customRequest}
        onChange={onUploadChange}
        onPreview={(file) => setPreview(file.response?.url ?? file.url ?? null)}
        itemRender={itemRender}
        showUploadList={{ showPreviewIcon: true, showRemoveIcon: !disabled }}
      >
        {full || disabled ? null : (
          <button
            type="button"
            data-testid={`${testId}-add`}
            style={{ border: 0, background: 'none', cursor: 'pointer' }}
          >
            <PlusOutlined />
            <div style={{ marginTop: 8 }}>上传图片</div>
          </button>
        )}
      </Upload>
      {preview && (
        <Image
          wrapperStyle={{ display: 'none' }}
          src={preview}
          preview={{ visible: true, onVisibleChange: (visible) => !visible && setPreview(null) }}
        />
      )}
    </div>
  );
}

/** ImageUploadInput as a ProForm field: `name`, `label`, `rules`, `extra`… as on any ProForm.Item. */
export function ImageUploadField({
  maxCount = 6,
  assets,
  onAssetsChange,
  disabled,
  testId,
  extra,
  ...item
}: Omit<ProFormItemProps, 'children'> & Omit<ImageUploadInputProps, 'value' | 'onChange'>) {
  const hint: ReactNode =
    extra ?? `JPG、PNG 或 WebP，最多 ${maxCount} 张；第一张为封面，拖动图片或用箭头调整顺序，点击图片可预览`;
  return (
    <ProForm.Item {...item} extra={hint}>
      <ImageUploadInput
        maxCount={maxCount}
        assets={assets}
        onAssetsChange={onAssetsChange}
        disabled={disabled}
        testId={testId}
      />
    </ProForm.Item>
  );
}
