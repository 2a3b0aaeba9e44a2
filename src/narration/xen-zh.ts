// Why a grant operation failed, as the Xen model says it (engine/xen/grant.ts), in Chinese.
import { type Rewrite, rewrite } from './zh.ts'

export const GRANT_REWRITES: readonly Rewrite[] = [
  { en: /^there is no domain (\d+)$/, zh: '没有域 $1', sample: 'there is no domain 3' },
  {
    en: /^grant ref (\d+) is outside domain (\d+)'s table$/,
    zh: '授权引用 $1 超出了域 $2 的授权表',
    sample: "grant ref 99 is outside domain 1's table",
  },
  {
    en: /^entry (\d+) of domain (\d+) does not permit access to domain (\d+) \(flags (\S+), domid (\d+)\)$/,
    zh: '域 $2 的表项 $1 不允许域 $3 访问（标志 $4，授权对象是域 $5）',
    sample: 'entry 8 of domain 1 does not permit access to domain 2 (flags 0x1, domid 0)',
  },
  {
    en: /^entry (\d+) of domain (\d+) does not permit access to domain (\d+)$/,
    zh: '域 $2 的表项 $1 不允许域 $3 访问',
    sample: 'entry 8 of domain 1 does not permit access to domain 2',
  },
  {
    en: /^entry (\d+) is GTF_readonly: map it with GNTMAP_readonly$/,
    zh: '表项 $1 带有 GTF_readonly：必须用 GNTMAP_readonly 映射',
    sample: 'entry 8 is GTF_readonly: map it with GNTMAP_readonly',
  },
  {
    en: /^entry (\d+) is GTF_readonly: it cannot be a copy destination$/,
    zh: '表项 $1 带有 GTF_readonly：不能作为复制的目的地',
    sample: 'entry 8 is GTF_readonly: it cannot be a copy destination',
  },
  {
    en: /^offset (\d+) \+ len (\d+) crosses the 4 KiB page$/,
    zh: '偏移 $1 加长度 $2 越过了 4 KiB 页的边界',
    sample: 'offset 4000 + len 200 crosses the 4 KiB page',
  },
  {
    en: /^copy by frame number is only allowed for the calling domain \(DOMID_SELF\)$/,
    zh: '只有调用者自己的域（DOMID_SELF）才能按页帧号复制',
    sample: 'copy by frame number is only allowed for the calling domain (DOMID_SELF)',
  },
]

/** A grant failure's detail in Chinese. */
export const grantDetailZh = (en: string): string => rewrite(GRANT_REWRITES, en)
