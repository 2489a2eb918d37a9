import { DrawerForm, ProCard } from '@ant-design/pro-components';
import { ErrorCode, MALL_MAX_IMAGES, type MallGoodsAdmin } from '@member/shared';
import { Alert, Button, Col, Form, Row, Space } from 'antd';
import { useMemo, useState, type ReactElement } from 'react';
import { ApiError } from '../../api/client';
import { ImageUploadField } from '../../components/ImageUploadField';
import { mallGoodsApi } from '../../api/mall';
import { errorText, showError, showSuccess } from '../../utils/feedback';
import { GoodsCardPreview } from './GoodsCardPreview';
import { BasicFields, DisplayFields, PriceFields, RuleFields } from './GoodsFormFields';
import { DEFAULT_GOODS_VALUES, goodsInputOf, goodsPreviewOf, goodsValuesOf, type GoodsFormValues } from './goods-form';
import { useGoodsOptions } from './use-goods-options';

interface FormProblem {
  conflict: boolean;
  text: string;
}

/**
 * 新建 / 编辑商品 in a wide drawer: the sections on the left, the member's goods card on the right, updated as
 * the operator types. An edit carries the version it started from; when someone saved in between, the drawer
 * says so and offers the latest version.
 */
export function GoodsForm({
  goods: initialGoods,
  trigger,
  onSaved,
}: {
  goods?: MallGoodsAdmin;
  trigger: ReactElement;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<GoodsFormValues>();
  const [open, setOpen] = useState(false);
  const [goods, setGoods] = useState<MallGoodsAdmin | undefined>(initialGoods);
  const [values, setValues] = useState<Partial<GoodsFormValues>>(DEFAULT_GOODS_VALUES);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  // The cover's thumbnail as the image field reports it (saved or just uploaded), for the preview.
  const [coverUrl, setCoverUrl] = useState<string | null>(null);
  const options = useGoodsOptions(open);

  const show = (g: MallGoodsAdmin | undefined) => {
    const v = g ? goodsValuesOf(g) : DEFAULT_GOODS_VALUES;
    setGoods(g);
    setValues(v);
    setCoverUrl(g?.images[0]?.thumbUrl ?? null);
    setProblem(null);
    form.setFieldsValue(v);
  };

  const loadLatest = async () => {
    if (!goods) return;
    try {
      show(await mallGoodsApi.get(goods.id));
    } catch (e) {
      showError(e);
    }
  };

  const submit = async (v: GoodsFormValues) => {
    setProblem(null);
    try {
      const input = goodsInputOf(v);
      if (goods) await mallGoodsApi.update(goods.id, { ...input, version: goods.version });
      else await mallGoodsApi.create(input);
      showSuccess(goods ? '已保存' : '已创建，上架后会员可兑换');
      onSaved();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return false;
      setProblem({
        conflict: e instanceof ApiError && e.code === ErrorCode.MALL_GOODS_VERSION_CONFLICT,
        text: errorText(e),
      });
      return false;
    }
  };

  const preview = useMemo(
    () =>
      goodsPreviewOf(values, {
        ...options,
        coverUrl,
        stockLeft: goods && goods.status !== 'DRAFT' ? goods.stock : values.unlimitedStock ? null : (values.stock ?? 0),
      }),
    [values, options, coverUrl, goods],
  );
  const kind = values.kind ?? 'PHYSICAL';

  return (
    <DrawerForm<GoodsFormValues>
      title={initialGoods ? `编辑商品：${initialGoods.name}` : '新建商品'}
      width={1120}
      form={form}
      trigger={trigger}
      layout="vertical"
      // Keep the pickers' Dayjs values on submit; goodsInputOf reads them as Beijing time.
      dateFormatter={false}
      initialValues={DEFAULT_GOODS_VALUES}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) show(initialGoods);
      }}
      onValuesChange={(_, all) => setValues(all)}
      onFinish={submit}
      drawerProps={{ destroyOnClose: true, maskClosable: false }}
      submitter={{
        searchConfig: { submitText: initialGoods ? '保存修改' : '创建商品', resetText: '取消' },
        submitButtonProps: { 'data-testid': 'goods-submit' },
      }}
    >
      <Row gutter={24} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {goods && goods.status === 'ON_SALE' && (
              <Alert
                type="warning"
                showIcon
                data-testid="goods-on-sale-warning"
                message={`此商品已上架，已兑 ${goods.soldCount.toLocaleString('en-US')} 件`}
                description="修改只影响之后的兑换；已下的订单按兑换时的积分、现金和自提门店履约。"
              />
            )}
            <ProCard title="1. 商品信息" bordered>
              <BasicFields
                kind={kind}
                kindLocked={!!goods && goods.soldCount > 0}
                categories={options.categories}
                images={
                  <ImageUploadField
                    name="imageIds"
                    label="商品图片"
                    maxCount={MALL_MAX_IMAGES}
                    assets={goods?.images}
                    onAssetsChange={(list) => setCoverUrl(list[0]?.thumbUrl ?? null)}
                    testId="goods-images"
                  />
                }
              />
            </ProCard>
            <ProCard title="2. 价格与库存" bordered>
              <PriceFields
                // A draft's stock is still its initial stock; once on sale it moves only by 库存调整.
                editing={!!goods && goods.status !== 'DRAFT'}
                unlimited={!!values.unlimitedStock}
                stockLeft={goods?.stock ?? null}
                soldCount={goods?.soldCount ?? 0}
              />
            </ProCard>
            <ProCard title="3. 兑换规则" bordered>
              <RuleFields
                kind={kind}
                hasLimit={values.perMemberLimit != null}
                tiers={options.tiers}
                stores={options.stores}
                couponOptions={options.couponOptions}
              />
            </ProCard>
            <ProCard title="4. 展示" bordered>
              <DisplayFields />
            </ProCard>
            {problem && (
              <Alert
                type="error"
                showIcon
                data-testid="goods-server-error"
                message={problem.conflict ? '保存失败：此商品刚被他人修改' : '保存失败'}
                description={problem.text}
                action={
                  problem.conflict ? (
                    <Button size="small" data-testid="goods-load-latest" onClick={() => void loadLatest()}>
                      载入最新版本
                    </Button>
                  ) : undefined
                }
              />
            )}
          </Space>
        </Col>
        <Col flex="400px">
          <div style={{ position: 'sticky', top: 0 }}>
            <ProCard title="会员看到的样子" subTitle="随填写实时更新" bordered>
              <GoodsCardPreview goods={preview} />
            </ProCard>
          </div>
        </Col>
      </Row>
    </DrawerForm>
  );
}
